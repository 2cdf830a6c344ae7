/**
 * @module ResourceStrategy: how one resource is created, updated and validated (upstream's
 * rest.RESTCreateStrategy / RESTUpdateStrategy, one per resource, e.g. registry/apps/daemonset).
 */
import type { FieldError } from '../../api/meta/field-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import type { ResourceInfo } from '../../api/scheme.ts';

/** ResourceStrategy is the per-resource behaviour of the generic REST handlers. */
export interface ResourceStrategy {
  readonly info: ResourceInfo;
  /** Applies API defaults (SetDefaults_*) to a decoded object, in place. */
  defaults(obj: KubeObject): void;
  /** Resets fields a create may not set (e.g. status), in place. */
  prepareForCreate(obj: KubeObject): void;
  /** Carries over what an update of the main resource may not change (status), in place. */
  prepareForUpdate(newObj: KubeObject, oldObj: KubeObject): void;
  validate(obj: KubeObject): FieldError[];
  validateUpdate(newObj: KubeObject, oldObj: KubeObject): FieldError[];
  /** Whether writes bump metadata.generation when the spec changes. */
  readonly hasGeneration: boolean;
  /** The `status` subresource, when the resource has one. */
  readonly status?: StatusStrategy;
  /** Field selector support: the value of a selectable field, or undefined when unsupported. */
  fieldValue(obj: KubeObject, field: string): string | undefined;
  /** Selectable field names (for the "field label not supported" error). */
  readonly selectableFields: readonly string[];
}

/** StatusStrategy is the behaviour of the `status` subresource. */
export interface StatusStrategy {
  /** Carries over everything but status from the old object, in place. */
  prepareForUpdate(newObj: KubeObject, oldObj: KubeObject): void;
  validateUpdate(newObj: KubeObject, oldObj: KubeObject): FieldError[];
}

/** Options of defineStrategy: everything optional except `info`. */
export interface StrategyOptions {
  info: ResourceInfo;
  defaults?: (obj: KubeObject) => void;
  validate?: (obj: KubeObject) => FieldError[];
  validateUpdate?: (newObj: KubeObject, oldObj: KubeObject) => FieldError[];
  validateStatusUpdate?: (newObj: KubeObject, oldObj: KubeObject) => FieldError[];
  /** Resource has spec/status split: status via subresource only, generation on spec changes. */
  specStatus?: boolean;
  /** Keep status on create (e.g. nodes and events set their own). @default false for specStatus */
  keepStatusOnCreate?: boolean;
  extraFields?: Record<string, (obj: KubeObject) => string | undefined>;
}

type WithSpecStatus = KubeObject & { spec?: unknown; status?: unknown };

/** defineStrategy builds a ResourceStrategy with upstream's generic behaviour. */
export function defineStrategy(o: StrategyOptions): ResourceStrategy {
  const specStatus = o.specStatus ?? false;
  const fields: Record<string, (obj: KubeObject) => string | undefined> = {
    'metadata.name': (obj) => obj.metadata.name ?? '',
    ...(o.info.namespaced
      ? { 'metadata.namespace': (obj: KubeObject) => obj.metadata.namespace ?? '' }
      : {}),
    ...o.extraFields,
  };
  const hasStatusSub = o.info.subresources.some((s) => s.name === 'status');
  const strategy: ResourceStrategy = {
    info: o.info,
    defaults: o.defaults ?? (() => undefined),
    prepareForCreate(obj) {
      const x = obj as WithSpecStatus;
      if (specStatus && !o.keepStatusOnCreate) delete x.status;
      if (specStatus) obj.metadata.generation = 1;
    },
    prepareForUpdate(newObj, oldObj) {
      const n = newObj as WithSpecStatus;
      const old = oldObj as WithSpecStatus;
      if (hasStatusSub) {
        if (old.status === undefined) delete n.status;
        else n.status = old.status;
      }
      if (specStatus) {
        const gen = oldObj.metadata.generation ?? 1;
        newObj.metadata.generation =
          JSON.stringify(n.spec) !== JSON.stringify(old.spec) ? gen + 1 : gen;
      }
    },
    validate: o.validate ?? (() => []),
    validateUpdate: o.validateUpdate ?? (() => []),
    hasGeneration: specStatus,
    fieldValue(obj, field) {
      const f = fields[field];
      return f ? f(obj) : undefined;
    },
    selectableFields: Object.keys(fields),
  };
  if (hasStatusSub) {
    return {
      ...strategy,
      status: {
        prepareForUpdate(newObj, oldObj) {
          const n = newObj as WithSpecStatus;
          const old = oldObj as WithSpecStatus;
          // Status writes never change the spec (upstream statusStrategy.PrepareForUpdate).
          if (old.spec === undefined) delete n.spec;
          else n.spec = old.spec;
          if (oldObj.metadata.generation !== undefined)
            newObj.metadata.generation = oldObj.metadata.generation;
        },
        validateUpdate: o.validateStatusUpdate ?? (() => []),
      },
    };
  }
  return strategy;
}
