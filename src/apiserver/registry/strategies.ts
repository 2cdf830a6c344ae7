/** @module The strategy of every served resource (upstream pkg/registry/<group>/<resource>/strategy.go). */
import type { Namespace, Pod } from '../../api/core/v1/types.ts';
import { prepareNamespaceForCreate } from '../../api/core/v1/defaults.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import { deepEqual } from '../../api/meta/validation.ts';
import { resources, type ResourceInfo } from '../../api/scheme.ts';
import { defineStrategy, type ResourceStrategy } from './strategy.ts';
import { defaulters, validators } from './validators.ts';

type PodLike = KubeObject & Pick<Pod, 'spec' | 'status'>;

const podFields: Record<string, (obj: KubeObject) => string | undefined> = {
  'spec.nodeName': (o) => (o as PodLike).spec?.nodeName ?? '',
  'spec.restartPolicy': (o) => (o as PodLike).spec?.restartPolicy ?? '',
  'spec.schedulerName': (o) => (o as PodLike).spec?.schedulerName ?? '',
  'spec.serviceAccountName': (o) => (o as PodLike).spec?.serviceAccountName ?? '',
  'spec.hostNetwork': (o) => String((o as PodLike).spec?.hostNetwork ?? false),
  'status.phase': (o) => (o as PodLike).status?.phase ?? '',
  'status.podIP': (o) => (o as PodLike).status?.podIP ?? '',
  'status.nominatedNodeName': (o) => (o as PodLike).status?.nominatedNodeName ?? '',
};

type EventLike = KubeObject & {
  involvedObject?: Record<string, string | undefined>;
  reason?: string;
  type?: string;
  source?: { component?: string };
  reportingComponent?: string;
};

const involved =
  (f: string) =>
  (o: KubeObject): string =>
    (o as EventLike).involvedObject?.[f] ?? '';
const eventFields: Record<string, (obj: KubeObject) => string | undefined> = {
  'involvedObject.kind': involved('kind'),
  'involvedObject.namespace': involved('namespace'),
  'involvedObject.name': involved('name'),
  'involvedObject.uid': involved('uid'),
  'involvedObject.apiVersion': involved('apiVersion'),
  'involvedObject.resourceVersion': involved('resourceVersion'),
  'involvedObject.fieldPath': involved('fieldPath'),
  reason: (o) => (o as EventLike).reason ?? '',
  reportingComponent: (o) => (o as EventLike).reportingComponent ?? '',
  source: (o) => (o as EventLike).source?.component ?? '',
  type: (o) => (o as EventLike).type ?? '',
};

/** TEMPLATE_GENERATION is the apps/v1 annotation carrying a DaemonSet's templateGeneration. */
export const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function templateGeneration(obj: KubeObject): number {
  const v = Number(obj.metadata.annotations?.[TEMPLATE_GENERATION] ?? '1');
  return Number.isInteger(v) && v > 0 ? v : 1;
}

function setTemplateGeneration(obj: KubeObject, gen: number): void {
  obj.metadata.annotations = {
    ...(obj.metadata.annotations ?? {}),
    [TEMPLATE_GENERATION]: String(gen),
  };
}

/** qosClass computes a pod's QoS class like upstream GetPodQOS. */
export function qosClass(pod: PodLike): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Strategies maps each resource to its strategy. */
export interface Strategies {
  get(info: ResourceInfo): ResourceStrategy | undefined;
}

/** createStrategies builds the strategy table. */
export function createStrategies(): Strategies {
  const byResource = new Map<ResourceInfo, ResourceStrategy>();
  for (const info of resources) {
    const v = validators(info);
    const base = {
      info,
      defaults: defaulters(info),
      validate: v.validate,
      validateUpdate: v.validateUpdate,
      ...(v.validateStatusUpdate ? { validateStatusUpdate: v.validateStatusUpdate } : {}),
    };
    let s: ResourceStrategy;
    switch (info.resource) {
      case 'daemonsets': {
        const ds = defineStrategy({ ...base, specStatus: true });
        s = {
          ...ds,
          prepareForCreate(obj) {
            ds.prepareForCreate(obj);
            setTemplateGeneration(obj, 1);
          },
          prepareForUpdate(newObj, oldObj) {
            ds.prepareForUpdate(newObj, oldObj);
            // Upstream: templateGeneration (exposed in apps/v1 as an annotation) counts template changes.
            const old = templateGeneration(oldObj);
            const changed = !deepEqual(
              (newObj as DaemonSet).spec?.template,
              (oldObj as DaemonSet).spec?.template,
            );
            setTemplateGeneration(newObj, changed ? old + 1 : old);
          },
        };
        break;
      }
      case 'pods': {
        const p = defineStrategy({ ...base, extraFields: podFields });
        s = {
          ...p,
          prepareForCreate(obj) {
            p.prepareForCreate(obj);
            const pod = obj as PodLike;
            // Upstream podStrategy.PrepareForCreate: status starts Pending with the QoS class.
            pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
          },
        };
        break;
      }
      case 'nodes':
        s = defineStrategy({
          ...base,
          extraFields: {
            'spec.unschedulable': (o) =>
              String(
                (o as KubeObject & { spec?: { unschedulable?: boolean } }).spec?.unschedulable ??
                  false,
              ),
          },
        });
        break;
      case 'namespaces': {
        const ns = defineStrategy({
          ...base,
          extraFields: {
            'status.phase': (o) =>
              (o as KubeObject & { status?: { phase?: string } }).status?.phase ?? '',
          },
        });
        s = {
          ...ns,
          prepareForCreate(obj) {
            ns.prepareForCreate(obj);
            prepareNamespaceForCreate(obj as Namespace);
          },
        };
        break;
      }
      case 'events':
        s = defineStrategy({ ...base, extraFields: eventFields });
        break;
      case 'services': {
        const svc = defineStrategy(base);
        s = {
          ...svc,
          prepareForCreate(obj) {
            svc.prepareForCreate(obj);
            (obj as KubeObject & { status?: unknown }).status = { loadBalancer: {} };
          },
        };
        break;
      }
      default:
        s = defineStrategy(base);
    }
    byResource.set(info, s);
  }
  return { get: (info) => byResource.get(info) };
}
