/** @module Binds each resource to its defaulting and validation functions from src/api. */
import type { FieldError } from '../../api/meta/field-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import type { ResourceInfo } from '../../api/scheme.ts';
import { setDefaultsDaemonSet } from '../../api/apps/v1/defaults.ts';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import {
  setDefaultsEndpoints,
  setDefaultsNamespace,
  setDefaultsNode,
  setDefaultsPod,
  setDefaultsService,
} from '../../api/core/v1/defaults.ts';
import type { Endpoints, Namespace, Node, Pod, Service } from '../../api/core/v1/types.ts';
import { setDefaultsPriorityClass } from '../../api/scheduling/v1/defaults.ts';
import type { PriorityClass } from '../../api/scheduling/v1/types.ts';
import {
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
  type NameValidator,
} from '../../api/meta/validation.ts';

/** Validators of one resource. */
export interface ResourceValidators {
  validate: (obj: KubeObject) => FieldError[];
  validateUpdate: (newObj: KubeObject, oldObj: KubeObject) => FieldError[];
  validateStatusUpdate?: (newObj: KubeObject, oldObj: KubeObject) => FieldError[];
}

type Validate = (obj: KubeObject) => FieldError[];
type ValidateUpdate = (newObj: KubeObject, oldObj: KubeObject) => FieldError[];

interface KindRules {
  nameFn: NameValidator;
  validate?: Validate;
  validateUpdate?: ValidateUpdate;
  validateStatusUpdate?: ValidateUpdate;
  defaults?: (obj: KubeObject) => void;
}

const rules: Record<string, KindRules> = {
  namespaces: { nameFn: nameIsDNSLabel, defaults: (o) => setDefaultsNamespace(o as Namespace) },
  nodes: { nameFn: nameIsDNSSubdomain, defaults: (o) => setDefaultsNode(o as Node) },
  pods: { nameFn: nameIsDNSSubdomain, defaults: (o) => setDefaultsPod(o as Pod) },
  services: { nameFn: nameIsDNSLabel, defaults: (o) => setDefaultsService(o as Service) },
  endpoints: { nameFn: nameIsDNSSubdomain, defaults: (o) => setDefaultsEndpoints(o as Endpoints) },
  events: { nameFn: nameIsDNSSubdomain },
  configmaps: { nameFn: nameIsDNSSubdomain },
  daemonsets: { nameFn: nameIsDNSSubdomain, defaults: (o) => setDefaultsDaemonSet(o as DaemonSet) },
  controllerrevisions: { nameFn: nameIsDNSSubdomain },
  priorityclasses: {
    nameFn: nameIsDNSSubdomain,
    defaults: (o) => setDefaultsPriorityClass(o as PriorityClass),
  },
  leases: { nameFn: nameIsDNSSubdomain },
  selfsubjectaccessreviews: { nameFn: nameIsDNSSubdomain },
};

function rulesFor(info: ResourceInfo): KindRules {
  return rules[info.resource] ?? { nameFn: nameIsDNSSubdomain };
}

/** validators returns the validation functions of a resource: metadata rules plus the kind's own. */
export function validators(info: ResourceInfo): ResourceValidators {
  const r = rulesFor(info);
  const meta = (obj: KubeObject): FieldError[] =>
    validateObjectMeta(obj.metadata, { namespaced: info.namespaced, nameFn: r.nameFn }, 'metadata');
  const metaUpdate = (n: KubeObject, o: KubeObject): FieldError[] =>
    validateObjectMetaUpdate(n.metadata, o.metadata, 'metadata');
  return {
    validate: (obj) => [...meta(obj), ...(r.validate?.(obj) ?? [])],
    validateUpdate: (n, o) => [
      ...metaUpdate(n, o),
      ...(r.validateUpdate?.(n, o) ?? r.validate?.(n) ?? []),
    ],
    validateStatusUpdate: (n, o) => [
      ...metaUpdate(n, o),
      ...(r.validateStatusUpdate?.(n, o) ?? []),
    ],
  };
}

/** defaulters returns the defaulting function of a resource. */
export function defaulters(info: ResourceInfo): (obj: KubeObject) => void {
  return rulesFor(info).defaults ?? (() => undefined);
}
