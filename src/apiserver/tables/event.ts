/** @module Table columns of core/v1 and events.k8s.io/v1 Events (upstream printEvent). */
import type { Event } from '../../api/core/v1/types.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { formatAge } from './age.ts';
import { column, describe, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** EventFields is what the printer reads, common to both Event APIs. */
interface EventFields {
  name: string;
  type: string;
  reason: string;
  kind: string;
  objectName: string;
  fieldPath: string;
  component: string;
  host: string;
  message: string;
  firstTimestamp: string | undefined;
  lastTimestamp: string | undefined;
  eventTime: string | undefined;
  count: number | undefined;
  series: { count: number; lastObservedTime: string } | undefined;
}

const columns = [
  column(
    'Last Seen',
    'string',
    'The time at which the most recent occurrence of this event was recorded.',
  ),
  column(
    'Type',
    'string',
    'Type of this event (Normal, Warning), new types could be added in the future',
  ),
  column(
    'Reason',
    'string',
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  ),
  column('Object', 'string', 'The object that this event is about.'),
  column(
    'Subobject',
    'string',
    'The field of the object the event is about, e.g. spec.containers{name}.',
    { wide: true },
  ),
  column('Source', 'string', 'The component reporting this event.', { wide: true }),
  column('Message', 'string', 'A human-readable description of the status of this operation.'),
  column('First Seen', 'string', 'The time at which the event was first recorded.', { wide: true }),
  column('Count', 'string', 'The number of times this event has occurred.', { wide: true }),
  { ...nameColumn, priority: 1, description: describe.name },
];

/** eventTable prints core/v1 Events: `LAST SEEN TYPE REASON OBJECT MESSAGE`. */
export const eventTable: TableConvertor = {
  columns,
  cells: (obj, now) => eventCells(coreEventFields(obj as Event), now),
};

/** eventsV1Table prints events.k8s.io/v1 Events with the same columns, as upstream converts them. */
export const eventsV1Table: TableConvertor = {
  columns,
  cells: (obj, now) => eventCells(eventsV1Fields(obj), now),
};

function eventCells(e: EventFields, now: number): unknown[] {
  const firstSeen = formatAge(e.firstTimestamp ?? e.eventTime, now);
  let lastSeen = e.lastTimestamp ? formatAge(e.lastTimestamp, now) : firstSeen;
  // Singleton events of the new API have no count.
  let count = e.count || 1;
  if (e.series) {
    lastSeen = formatAge(e.series.lastObservedTime, now);
    count = e.series.count;
  }
  const target = e.objectName ? `${e.kind.toLowerCase()}/${e.objectName}` : e.kind.toLowerCase();
  const source = !e.component ? '<unknown>' : e.host ? `${e.component}, ${e.host}` : e.component;
  return [
    lastSeen,
    e.type,
    e.reason,
    target,
    e.fieldPath,
    source,
    e.message.trim(),
    firstSeen,
    count,
    e.name,
  ];
}

function coreEventFields(e: Event): EventFields {
  return {
    name: e.metadata.name ?? '',
    type: e.type ?? '',
    reason: e.reason ?? '',
    kind: e.involvedObject.kind ?? '',
    objectName: e.involvedObject.name ?? '',
    fieldPath: e.involvedObject.fieldPath ?? '',
    component: e.source?.component || e.reportingComponent || '',
    host: e.source?.host || e.reportingInstance || '',
    message: e.message ?? '',
    firstTimestamp: e.firstTimestamp || undefined,
    lastTimestamp: e.lastTimestamp || undefined,
    eventTime: e.eventTime || undefined,
    count: e.count,
    series: e.series?.lastObservedTime
      ? { count: e.series.count ?? 0, lastObservedTime: e.series.lastObservedTime }
      : undefined,
  };
}

/** eventsV1Fields maps events.k8s.io/v1 names onto core/v1 ones (regarding, note, deprecated*). */
function eventsV1Fields(obj: KubeObject): EventFields {
  const e = obj as KubeObject & Record<string, unknown>;
  const str = (value: unknown): string => (typeof value === 'string' ? value : '');
  const rec = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const regarding = rec(e['regarding']);
  const source = rec(e['deprecatedSource']);
  const series = rec(e['series']);
  const count = e['deprecatedCount'];
  return {
    name: e.metadata.name ?? '',
    type: str(e['type']),
    reason: str(e['reason']),
    kind: str(regarding['kind']),
    objectName: str(regarding['name']),
    fieldPath: str(regarding['fieldPath']),
    component: str(source['component']) || str(e['reportingController']),
    host: str(source['host']) || str(e['reportingInstance']),
    message: str(e['note']),
    firstTimestamp: str(e['deprecatedFirstTimestamp']) || undefined,
    lastTimestamp: str(e['deprecatedLastTimestamp']) || undefined,
    eventTime: str(e['eventTime']) || undefined,
    count: typeof count === 'number' ? count : undefined,
    series: str(series['lastObservedTime'])
      ? {
          count: typeof series['count'] === 'number' ? series['count'] : 0,
          lastObservedTime: str(series['lastObservedTime']),
        }
      : undefined,
  };
}
