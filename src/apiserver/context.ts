/** @module ApiContext: what the REST handlers need, wired once by createApiServer. */
import type { KubeObject, ListMeta } from '../api/meta/types.ts';
import type { ResourceInfo } from '../api/scheme.ts';
import type { Backend } from '../storage/backend.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { CacheSet } from './cache/cache-set.ts';
import type { AdmissionPlugin } from './admission/admission.ts';
import type { ResourceStrategy } from './registry/strategy.ts';

export type { PodLogOptions, PodLogSource } from '../api/core/v1/pod-logs.ts';
import type { PodLogSource } from '../api/core/v1/pod-logs.ts';

/** FieldValidation finds and prunes fields the schema does not know. */
export interface FieldValidation {
  unknownFields(apiVersion: string, kind: string, obj: unknown): string[];
  prune(apiVersion: string, kind: string, obj: unknown): unknown;
}

/** Patcher applies the three patch formats (server-side apply is separate). */
export interface Patcher {
  json(doc: unknown, patch: unknown): unknown;
  merge(doc: unknown, patch: unknown): unknown;
  strategic(doc: unknown, patch: unknown, apiVersion: string, kind: string): unknown;
}

/** ManagedFields maintains metadata.managedFields (server-side apply). */
export interface ManagedFields {
  /** Records an ordinary (Update) write by `manager`. */
  update(args: {
    oldObj: KubeObject | undefined;
    newObj: KubeObject;
    manager: string;
    apiVersion: string;
    now: string;
    subresource?: string;
  }): KubeObject;
  /** Server-side apply; throws a 409 StatusError on conflicts unless forced. */
  apply(args: {
    live: KubeObject | undefined;
    applied: KubeObject;
    manager: string;
    force: boolean;
    apiVersion: string;
    kind: string;
    now: string;
    subresource?: string;
  }): KubeObject;
}

/** TableBuilder renders server-side Tables. */
export interface TableBuilder {
  build(options: {
    info: ResourceInfo;
    objects: KubeObject[];
    includeObject: 'None' | 'Object' | 'Metadata';
    listMeta: ListMeta;
    now: number;
    includeColumns: boolean;
  }): object;
}

/** ApiContext is shared by every handler. */
export interface ApiContext {
  backend: Backend;
  caches: CacheSet;
  clock: Clock;
  logger: Logger;
  strategyFor(info: ResourceInfo): ResourceStrategy;
  admission: readonly AdmissionPlugin[];
  fieldValidation: FieldValidation;
  patcher: Patcher;
  managedFields: ManagedFields;
  tables: TableBuilder;
  logs: PodLogSource | undefined;
  /** Interval of watch bookmarks for HTTP/1.1 clients (they hang without them) and others. */
  bookmarkIntervalMs: { http1: number; other: number };
}
