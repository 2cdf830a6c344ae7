/**
 * @module events.k8s.io/v1 ⇄ core/v1 Event conversion. Both APIs serve the same stored objects
 * (upstream keeps one storage for both); the stored form is core/v1.
 */
import type { KubeObject } from '../../api/meta/types.ts';

type Obj = Record<string, unknown>;

/** Field pairs: events.k8s.io/v1 name → core/v1 name. */
const renames: [string, string][] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];

const shared = [
  'metadata',
  'eventTime',
  'series',
  'reportingInstance',
  'action',
  'reason',
  'related',
  'type',
];

/** toEventsV1 renders a stored core/v1 Event as events.k8s.io/v1. */
export function toEventsV1(core: KubeObject): KubeObject {
  const src = core as unknown as Obj;
  const out: Obj = { kind: 'Event', apiVersion: 'events.k8s.io/v1' };
  for (const f of shared) if (src[f] !== undefined) out[f] = src[f];
  for (const [v1, c] of renames) if (src[c] !== undefined) out[v1] = src[c];
  // Upstream: eventTime is required in events.k8s.io/v1; old events carry only timestamps.
  out['eventTime'] ??= null;
  return out as unknown as KubeObject;
}

/** fromEventsV1 converts an events.k8s.io/v1 body to the stored core/v1 form. */
export function fromEventsV1(v1: KubeObject): KubeObject {
  const src = v1 as unknown as Obj;
  const out: Obj = { kind: 'Event', apiVersion: 'v1' };
  for (const f of shared) if (src[f] !== undefined) out[f] = src[f];
  for (const [e, c] of renames) if (src[e] !== undefined) out[c] = src[e];
  return out as unknown as KubeObject;
}

/** WireCodec converts between a resource's wire form and its stored form. */
export interface WireCodec {
  /** Whether wire and stored forms differ (so cached JSON cannot be served as is). */
  converts: boolean;
  toStored(obj: KubeObject): KubeObject;
  toWire(obj: KubeObject): KubeObject;
}

const identity: WireCodec = { converts: false, toStored: (o) => o, toWire: (o) => o };
const eventsV1: WireCodec = { converts: true, toStored: fromEventsV1, toWire: toEventsV1 };

/** codecFor returns the codec of a resource's group (only events.k8s.io converts). */
export function codecFor(info: { group: string; resource: string }): WireCodec {
  return info.group === 'events.k8s.io' && info.resource === 'events' ? eventsV1 : identity;
}
