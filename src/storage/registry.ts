/**
 * @module The driver registry: drivers register a factory under a URL scheme and `openBackend`
 * picks one by the scheme of a storage URL (kine's drivers/registry.go).
 */
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Backend } from './backend.ts';

/** BackendTarget is a parsed storage URL plus the process services a driver may use. */
export interface BackendTarget {
  /** The URL as given. */
  url: string;
  /** The scheme, without `://` (e.g. `sqlite`). */
  scheme: string;
  /** Everything after `scheme://` up to `?`: a path for sqlite (`/abs/db` or `relative/db`). */
  location: string;
  /** The query string. Drivers reject parameters they do not know. */
  params: URLSearchParams;
  clock?: Clock;
  logger?: Logger;
}

/** BackendFactory opens a Backend for a target. */
export type BackendFactory = (target: BackendTarget) => Promise<Backend>;

/** Options of openBackend. */
export interface OpenBackendOptions {
  /** Time source for periodic work such as compaction. @default realClock (per driver) */
  clock?: Clock;
  /** @default silent (per driver) */
  logger?: Logger;
}

const factories = new Map<string, BackendFactory>();

/** registerBackend makes `openBackend` serve URLs of `scheme` with `factory`; the last one wins. */
export function registerBackend(scheme: string, factory: BackendFactory): void {
  factories.set(scheme, factory);
}

/** registeredSchemes lists the schemes that can be opened, sorted. */
export function registeredSchemes(): string[] {
  return [...factories.keys()].sort();
}

/**
 * parseBackendUrl splits a storage URL into scheme, location and parameters.
 * @throws Error when the URL has no `scheme://`.
 */
export function parseBackendUrl(url: string): Omit<BackendTarget, 'clock' | 'logger'> {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^?]*)(?:\?(.*))?$/i.exec(url);
  const scheme = match?.[1];
  if (!match || scheme === undefined) {
    throw new Error(`storage URL ${JSON.stringify(url)} is not of the form <scheme>://<location>`);
  }
  return {
    url,
    scheme: scheme.toLowerCase(),
    location: decodeURIComponent(match[2] ?? ''),
    params: new URLSearchParams(match[3] ?? ''),
  };
}

/**
 * openBackend opens the Backend a storage URL names: `memory://`, `sqlite:///abs/path/db` or
 * `sqlite://relative/path/db`. Import `./drivers.ts` once to register the built-in drivers.
 *
 * @example
 * import './storage/drivers.ts';
 * const backend = await openBackend('sqlite:///var/lib/everynode/state.db');
 * @throws Error for a malformed URL or an unknown scheme (the message lists the known ones).
 */
export async function openBackend(url: string, options: OpenBackendOptions = {}): Promise<Backend> {
  const target = parseBackendUrl(url);
  const factory = factories.get(target.scheme);
  if (!factory) {
    const known = registeredSchemes().join(', ') || 'none; import storage/drivers.ts';
    throw new Error(`unknown storage scheme ${JSON.stringify(target.scheme)} (known: ${known})`);
  }
  return factory({
    ...target,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/**
 * rejectUnknownParams throws when the URL carries a query parameter the driver does not support:
 * a typo must not silently fall back to a default.
 */
export function rejectUnknownParams(
  target: Pick<BackendTarget, 'url' | 'params'>,
  known: readonly string[],
): void {
  for (const name of target.params.keys()) {
    if (!known.includes(name)) {
      throw new Error(
        `storage URL ${target.url}: unsupported parameter ${JSON.stringify(name)} (supported: ${known.join(', ') || 'none'})`,
      );
    }
  }
}
