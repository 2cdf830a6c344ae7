/**
 * @module Server-side Tables (`meta.k8s.io/v1` Table, what `kubectl get` prints): the convertor per
 * resource and `buildTable`, which wraps rows with their objects as kubectl expects.
 */
import type { ResourceInfo } from '../../api/scheme.ts';
import { groupVersion } from '../../api/scheme.ts';
import type { KubeObject, ListMeta, ObjectMeta } from '../../api/meta/types.ts';
import { configMapTable } from './config-map.ts';
import { controllerRevisionTable } from './controller-revision.ts';
import { daemonSetTable } from './daemonset.ts';
import { endpointsTable } from './endpoints.ts';
import { eventTable, eventsV1Table } from './event.ts';
import { leaseTable } from './lease.ts';
import { namespaceTable } from './namespace.ts';
import { nodeTable } from './node.ts';
import { podTable } from './pod.ts';
import { priorityClassTable } from './priority-class.ts';
import { serviceTable } from './service.ts';
import { column, describe, nameColumn } from './table.ts';
import type { ColumnDefinition, TableConvertor, TableRowCondition } from './table.ts';

export type { ColumnDefinition, TableConvertor, TableRowCondition } from './table.ts';
export { formatAge, humanDuration } from './age.ts';

/** Convertors by `<group>/<resource>` (core group empty). */
const convertors: ReadonlyMap<string, TableConvertor> = new Map([
  ['apps/daemonsets', daemonSetTable],
  ['apps/controllerrevisions', controllerRevisionTable],
  ['/pods', podTable],
  ['/nodes', nodeTable],
  ['/namespaces', namespaceTable],
  ['/services', serviceTable],
  ['/endpoints', endpointsTable],
  ['/configmaps', configMapTable],
  ['/events', eventTable],
  ['events.k8s.io/events', eventsV1Table],
  ['scheduling.k8s.io/priorityclasses', priorityClassTable],
  ['coordination.k8s.io/leases', leaseTable],
]);

/**
 * defaultTableConvertor prints `NAME CREATED AT` (RFC 3339), like the apiserver's
 * DefaultTableConvertor for resources without a printer.
 */
export const defaultTableConvertor: TableConvertor = {
  columns: [nameColumn, column('Created At', 'date', describe.creationTimestamp)],
  cells(obj) {
    const created = obj.metadata.creationTimestamp;
    const time = created ? Date.parse(created) : Number.NaN;
    return [
      obj.metadata.name ?? '',
      Number.isNaN(time)
        ? '0001-01-01T00:00:00Z'
        : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ];
  },
};

/** tableConvertorFor returns the printer of a resource, or the Name / Created At default. */
export function tableConvertorFor(info: ResourceInfo): TableConvertor {
  return convertors.get(`${info.group}/${info.resource}`) ?? defaultTableConvertor;
}

/** IncludeObject is the `includeObject` query parameter: what each row carries. */
export type IncludeObject = 'None' | 'Object' | 'Metadata';

/** BuildTableOptions are the inputs of buildTable. */
export interface BuildTableOptions {
  info: ResourceInfo;
  objects: KubeObject[];
  /** `Metadata` (default) puts a PartialObjectMetadata in each row, `Object` the full object. */
  includeObject: IncludeObject;
  /** Metadata of the Table: resourceVersion, continue, remainingItemCount. */
  listMeta: ListMeta;
  /** Milliseconds since the epoch, for ages. */
  now: number;
  /** Watch events after the first send no column definitions, as the apiserver does. */
  includeColumns: boolean;
}

/** TableRow is one metav1.TableRow. */
export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: object;
}

/** Table is metav1.Table. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: ColumnDefinition[];
  rows: TableRow[];
}

/**
 * buildTable renders objects of one resource as a Table. Each row's object is load-bearing for
 * kubectl: `-A` reads the namespace and `--show-labels` the labels from it, `--sort-by` needs
 * the full object (`includeObject=Object`).
 */
export function buildTable(options: BuildTableOptions): Table {
  const convertor = tableConvertorFor(options.info);
  const rows = options.objects.map((obj): TableRow => {
    const row: TableRow = { cells: convertor.cells(obj, options.now) };
    const conditions = convertor.conditions?.(obj) ?? [];
    if (conditions.length > 0) row.conditions = conditions;
    const object = rowObject(obj, options);
    if (object !== undefined) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMeta,
    columnDefinitions: options.includeColumns ? convertor.columns : [],
    rows,
  };
}

function rowObject(obj: KubeObject, options: BuildTableOptions): object | undefined {
  switch (options.includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      return {
        ...obj,
        apiVersion: obj.apiVersion ?? groupVersion(options.info),
        kind: obj.kind ?? options.info.kind,
      };
    case 'Metadata':
      return partialObjectMetadata(obj.metadata);
  }
}

/** partialObjectMetadata wraps metadata as a `meta.k8s.io/v1` PartialObjectMetadata. */
export function partialObjectMetadata(metadata: ObjectMeta): object {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}
