/**
 * @module EventCorrelator: upstream client-go's rules for keeping Events cheap (tools/record
 * events_cache.go). Similar events (same object, type and reason, different messages) are combined
 * into one series after 10 distinct messages in 10 minutes, and a token bucket per source and
 * object (burst 25, one more every 5 minutes) drops the long tail. Without them a DaemonSet that
 * creates 10,000 pods writes 10,000 Events about itself.
 */
import type { KubeObject } from '../../api/meta/types.ts';
import type { Clock } from '../../lib/clock.ts';

/** Options of createEventCorrelator; the defaults are upstream's. */
export interface EventCorrelatorOptions {
  clock: Clock;
  /** Distinct messages per object, type and reason before they are combined. @default 10 */
  maxSimilar?: number;
  /** Window in which similar messages count. @default 600_000 (10 minutes) */
  similarIntervalMs?: number;
  /** Events a source may write about one object at once. @default 25 */
  spamBurst?: number;
  /** Refill rate of that budget. @default 1/300 (one every 5 minutes) */
  spamPerSecond?: number;
  /** Entries per cache (oldest evicted first). @default 4096 */
  maxCached?: number;
}

/** An event to correlate: the object it is about and what is said. */
export interface EventInput {
  obj: KubeObject;
  type: string;
  reason: string;
  message: string;
}

/** Correlation is what to do with an event: drop it, or write `message` under series `key`. */
export type Correlation = { skip: true } | { skip: false; key: string; message: string };

/** EventCorrelator decides per event; it keeps only bounded caches. */
export interface EventCorrelator {
  correlate(e: EventInput, component: string): Correlation;
}

/** The prefix upstream gives a combined event's message. */
export const combinedPrefix = '(combined from similar events): ';

interface Bucket {
  tokens: number;
  at: number;
}

interface Similar {
  messages: Set<string>;
  at: number;
}

/** createEventCorrelator builds a correlator with upstream's defaults. */
export function createEventCorrelator(o: EventCorrelatorOptions): EventCorrelator {
  const maxSimilar = o.maxSimilar ?? 10;
  const interval = o.similarIntervalMs ?? 600_000;
  const burst = o.spamBurst ?? 25;
  const perMs = (o.spamPerSecond ?? 1 / 300) / 1000;
  const buckets = new LruMap<Bucket>(o.maxCached ?? 4096);
  const similar = new LruMap<Similar>(o.maxCached ?? 4096);

  const allow = (key: string, now: number): boolean => {
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    const tokens = Math.min(burst, b.tokens + (now - b.at) * perMs);
    const ok = tokens >= 1;
    buckets.set(key, { tokens: ok ? tokens - 1 : tokens, at: now });
    return ok;
  };

  return {
    correlate(e, component) {
      const now = o.clock.now();
      const groupKey = objectKey(e, component);
      // Upstream's spam key is the source, the object, the type and the reason.
      if (!allow(groupKey, now)) return { skip: true };
      let s = similar.get(groupKey);
      if (!s || now - s.at > interval) s = { messages: new Set(), at: now };
      s.at = now;
      s.messages.add(e.message);
      if (s.messages.size < maxSimilar) {
        similar.set(groupKey, s);
        return { skip: false, key: JSON.stringify([groupKey, e.message]), message: e.message };
      }
      // Keep the set at its bound, as upstream does, and write one combined series.
      const first = s.messages.values().next();
      if (!first.done) s.messages.delete(first.value);
      similar.set(groupKey, s);
      return { skip: false, key: groupKey, message: combinedPrefix + e.message };
    },
  };
}

function objectKey(e: EventInput, component: string): string {
  const m = e.obj.metadata;
  return JSON.stringify([
    component,
    e.obj.apiVersion,
    e.obj.kind,
    m.namespace,
    m.name,
    m.uid,
    e.type,
    e.reason,
  ]);
}

/** LruMap is a Map bounded by evicting the least recently set key. */
class LruMap<V> {
  readonly #max: number;
  readonly #map = new Map<string, V>();

  constructor(max: number) {
    this.#max = max;
  }

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  set(key: string, v: V): void {
    this.#map.delete(key);
    this.#map.set(key, v);
    if (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }
}
