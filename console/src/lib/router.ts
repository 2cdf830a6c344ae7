/** @module A minimal History API router for paths below /console/ (the server falls back to index.html). */
import { useSyncExternalStore } from 'react';

const BASE = '/console';
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((fn) => fn()));

/** navigate goes to an app path such as `/daemonsets/default/fluentd`. */
export function navigate(path: string): void {
  window.history.pushState(null, '', BASE + path);
  listeners.forEach((fn) => fn());
}

/** href is the real URL of an app path (for links that open in a new tab). */
export function href(path: string): string {
  return BASE + path;
}

/** useRoute is the current app path split into decoded segments. */
export function useRoute(): string[] {
  const path = useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => window.location.pathname,
  );
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : path;
  return rest
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
}
