/**
 * @module EventRecorder: writes core/v1 Events about objects, correlated like upstream's
 * EventCorrelator (a repeat bumps `count` instead of creating a new Event, similar messages are
 * combined, a spam filter drops the long tail; see event-correlator.ts), without ever blocking the
 * caller.
 */
import type { KubeObject } from '../../api/meta/types.ts';
import type { Event } from '../../api/core/v1/types.ts';
import { R } from '../../api/scheme.ts';
import { isNotFound } from '../../api/meta/status-error.ts';
import { realClock, type Clock } from '../../lib/clock.ts';
import { silentLogger, type Logger } from '../../lib/logger.ts';
import { PatchType, type KubeClient } from '../kube-client.ts';
import { createEventCorrelator, type EventCorrelatorOptions } from './event-correlator.ts';

/** EventType is the `type` of an Event. */
export const EventType = { Normal: 'Normal', Warning: 'Warning' } as const;
/** EventType is Normal or Warning. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** EventRecorder records Events about objects. Fire-and-forget: never throws, never blocks. */
export interface EventRecorder {
  /**
   * Records an Event about `obj` (which should carry `kind` and `apiVersion`). Cluster-scoped
   * objects get their Events in namespace `default`.
   */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

/** BackgroundEventRecorder is the real recorder: it writes from an internal bounded queue. */
export interface BackgroundEventRecorder extends EventRecorder {
  /** Resolves when every queued Event has been written (or failed). */
  flush(): Promise<void>;
}

let sequence = 0;

/** Options of createEventRecorder. */
export interface EventRecorderOptions {
  client: KubeClient;
  /** `source.component` and `reportingComponent`, e.g. `daemonset-controller`. */
  component: string;
  /** @default realClock */
  clock?: Clock;
  logger?: Logger;
  /** Events waiting to be written beyond this are dropped (and logged). @default 1000 */
  maxQueued?: number;
  /** Aggregation cache entries (oldest evicted first). @default 4096 */
  maxCached?: number;
  /** Overrides upstream's correlation limits (tests). */
  correlation?: Omit<EventCorrelatorOptions, 'clock'>;
}

interface Pending {
  obj: KubeObject;
  type: EventType;
  reason: string;
  message: string;
  at: number;
  /** The series this event belongs to (see EventCorrelator). */
  key: string;
}

interface Cached {
  name: string;
  namespace: string;
  count: number;
}

/** createEventRecorder builds a BackgroundEventRecorder writing through `client`. */
export function createEventRecorder(options: EventRecorderOptions): BackgroundEventRecorder {
  const clock = options.clock ?? realClock;
  const log = options.logger ?? silentLogger;
  const maxQueued = options.maxQueued ?? 1000;
  const maxCached = options.maxCached ?? 4096;
  const events = options.client.resource<Event>(R.events);
  const queue: Pending[] = [];
  /** Insertion-ordered, so the first key is the least recently written. */
  const cache = new Map<string, Cached>();
  const correlator = createEventCorrelator({ clock, maxCached, ...options.correlation });
  let draining: Promise<void> | undefined;

  const remember = (key: string, c: Cached): void => {
    cache.delete(key);
    cache.set(key, c);
    if (cache.size > maxCached) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  };

  const write = async (p: Pending): Promise<void> => {
    const key = p.key;
    const now = microTime(p.at);
    const prior = cache.get(key);
    if (prior) {
      try {
        const patch = { count: prior.count + 1, lastTimestamp: now, message: p.message };
        await events.patch(prior.name, PatchType.Merge, patch, { namespace: prior.namespace });
        remember(key, { ...prior, count: prior.count + 1 });
        return;
      } catch (e: unknown) {
        // The Event was garbage-collected: start a new series below.
        if (!isNotFound(e)) throw e;
      }
    }
    const ev = buildEvent(p, options.component, now);
    const created = await events.create(ev, { namespace: ev.metadata.namespace ?? 'default' });
    remember(key, {
      name: created.metadata.name ?? ev.metadata.name ?? '',
      namespace: ev.metadata.namespace ?? 'default',
      count: 1,
    });
  };

  const drain = async (): Promise<void> => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      try {
        await write(p);
      } catch (e: unknown) {
        log.warn('could not write event', {
          reason: p.reason,
          object: p.obj.metadata.name,
          error: e,
        });
      }
    }
    draining = undefined;
  };

  return {
    event(obj, type, reason, message) {
      if (queue.length >= maxQueued) {
        log.warn('event queue full, dropping event', { reason, object: obj.metadata.name });
        return;
      }
      const c = correlator.correlate({ obj, type, reason, message }, options.component);
      if (c.skip) return;
      queue.push({ obj, type, reason, message: c.message, at: clock.now(), key: c.key });
      draining ??= drain();
    },
    flush: () => draining ?? Promise.resolve(),
  };
}

function buildEvent(p: Pending, component: string, now: string): Event {
  const m = p.obj.metadata;
  const objName = m.name ?? '';
  // Upstream names Events `<object>.<hex nanoseconds>`; our clock has milliseconds, so a
  // per-process sequence fills the sub-millisecond digits to keep names unique.
  sequence = (sequence + 1) % 1_000_000;
  const name = `${objName}.${(BigInt(p.at) * 1_000_000n + BigInt(sequence)).toString(16)}`;
  const involvedObject: Event['involvedObject'] = { name: objName };
  if (p.obj.kind) involvedObject.kind = p.obj.kind;
  if (p.obj.apiVersion) involvedObject.apiVersion = p.obj.apiVersion;
  if (m.namespace) involvedObject.namespace = m.namespace;
  if (m.uid) involvedObject.uid = m.uid;
  if (m.resourceVersion) involvedObject.resourceVersion = m.resourceVersion;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: m.namespace ?? 'default' },
    involvedObject,
    reason: p.reason,
    message: p.message,
    type: p.type,
    source: { component },
    reportingComponent: component,
    reportingInstance: '',
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}

/** microTime renders a time the way Kubernetes Time fields are written (seconds precision). */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
