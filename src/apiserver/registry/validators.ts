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
  validateDaemonSet,
  validateDaemonSetStatusUpdate,
  validateDaemonSetUpdate,
} from '../../api/apps/v1/daemonset-validation.ts';
import {
  validateControllerRevision,
  validateControllerRevisionUpdate,
} from '../../api/apps/v1/controller-revision-validation.ts';
import {
  validatePod,
  validatePodStatusUpdate,
  validatePodUpdate,
} from '../../api/core/v1/pod-validation.ts';
import { validateNode, validateNodeUpdate } from '../../api/core/v1/node-validation.ts';
import {
  validateNamespace,
  validateNamespaceUpdate,
} from '../../api/core/v1/namespace-validation.ts';
import { validateService, validateServiceUpdate } from '../../api/core/v1/service-validation.ts';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateEndpoints,
  validateEvent,
} from '../../api/core/v1/misc-validation.ts';
import {
  validatePriorityClass,
  validatePriorityClassUpdate,
} from '../../api/scheduling/v1/priority-class-validation.ts';
import { validateLease, validateLeaseUpdate } from '../../api/coordination/v1/lease-validation.ts';
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

// Each validator takes its own kind; `never` lets one table hold them all (the strategy only
// calls a kind's validator with objects of that kind).
const v =
  (f: (o: never) => FieldError[]): Validate =>
  (o) =>
    f(o as never);
const vu =
  (f: (n: never, o: never) => FieldError[]): ValidateUpdate =>
  (n, o) =>
    f(n as never, o as never);

const rules: Record<string, KindRules> = {
  namespaces: {
    nameFn: nameIsDNSLabel,
    defaults: (o) => setDefaultsNamespace(o as Namespace),
    validate: v(validateNamespace),
    validateUpdate: vu(validateNamespaceUpdate),
    validateStatusUpdate: vu(validateNamespaceUpdate),
  },
  nodes: {
    nameFn: nameIsDNSSubdomain,
    defaults: (o) => setDefaultsNode(o as Node),
    validate: v(validateNode),
    validateUpdate: vu(validateNodeUpdate),
    validateStatusUpdate: vu(validateNodeUpdate),
  },
  pods: {
    nameFn: nameIsDNSSubdomain,
    defaults: (o) => setDefaultsPod(o as Pod),
    validate: v(validatePod),
    validateUpdate: vu(validatePodUpdate),
    validateStatusUpdate: vu(validatePodStatusUpdate),
  },
  services: {
    nameFn: nameIsDNSLabel,
    defaults: (o) => setDefaultsService(o as Service),
    validate: v(validateService),
    validateUpdate: vu(validateServiceUpdate),
  },
  endpoints: {
    nameFn: nameIsDNSSubdomain,
    defaults: (o) => setDefaultsEndpoints(o as Endpoints),
    validate: v(validateEndpoints),
  },
  events: { nameFn: nameIsDNSSubdomain, validate: v(validateEvent) },
  configmaps: {
    nameFn: nameIsDNSSubdomain,
    validate: v(validateConfigMap),
    validateUpdate: vu(validateConfigMapUpdate),
  },
  daemonsets: {
    nameFn: nameIsDNSSubdomain,
    defaults: (o) => setDefaultsDaemonSet(o as DaemonSet),
    validate: v(validateDaemonSet),
    validateUpdate: vu(validateDaemonSetUpdate),
    validateStatusUpdate: vu(validateDaemonSetStatusUpdate),
  },
  controllerrevisions: {
    nameFn: nameIsDNSSubdomain,
    validate: v(validateControllerRevision),
    validateUpdate: vu(validateControllerRevisionUpdate),
  },
  priorityclasses: {
    nameFn: nameIsDNSSubdomain,
    defaults: (o) => setDefaultsPriorityClass(o as PriorityClass),
    validate: v(validatePriorityClass),
    validateUpdate: vu(validatePriorityClassUpdate),
  },
  leases: {
    nameFn: nameIsDNSSubdomain,
    validate: v(validateLease),
    validateUpdate: vu(validateLeaseUpdate),
  },
  selfsubjectaccessreviews: { nameFn: nameIsDNSSubdomain },
};

function rulesFor(info: ResourceInfo): KindRules {
  return rules[info.resource] ?? { nameFn: nameIsDNSSubdomain };
}

/**
 * validators returns the validation functions of a resource. Kind validators include upstream's
 * ObjectMeta checks; resources without one get the ObjectMeta checks alone.
 */
export function validators(info: ResourceInfo): ResourceValidators {
  const r = rulesFor(info);
  const meta: Validate = (obj) =>
    validateObjectMeta(obj.metadata, { namespaced: info.namespaced, nameFn: r.nameFn }, 'metadata');
  const metaUpdate: ValidateUpdate = (n, o) =>
    validateObjectMetaUpdate(n.metadata, o.metadata, 'metadata');
  const validate = r.validate ?? meta;
  return {
    validate,
    validateUpdate:
      r.validateUpdate ??
      ((n, o) => [...metaUpdate(n, o), ...(r.validate ? dropMeta(r.validate(n)) : [])]),
    validateStatusUpdate: r.validateStatusUpdate ?? metaUpdate,
  };
}

/** dropMeta removes metadata errors of a create validator reused on update (metaUpdate covers them). */
function dropMeta(errors: FieldError[]): FieldError[] {
  return errors.filter((e) => !e.field.startsWith('metadata.'));
}

/** defaulters returns the defaulting function of a resource. */
export function defaulters(info: ResourceInfo): (obj: KubeObject) => void {
  return rulesFor(info).defaults ?? (() => undefined);
}
