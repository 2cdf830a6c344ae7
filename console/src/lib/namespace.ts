/** @module The namespace filter of the header, remembered across reloads. */
import { useSyncExternalStore } from 'react';

const KEY = 'everynode.namespace';
const listeners = new Set<() => void>();

/** useNamespace is the selected namespace ('' = all namespaces). */
export function useNamespace(): string {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => localStorage.getItem(KEY) ?? '',
  );
}

/** setNamespace selects a namespace ('' = all). */
export function setNamespace(ns: string): void {
  localStorage.setItem(KEY, ns);
  listeners.forEach((fn) => fn());
}
