/**
 * @module Pure placement decisions of the DaemonSet controller: which nodes run a daemon pod
 * (upstream `NodeShouldRunDaemonPod`) and what every daemon pod looks like (`util/daemonset_util.go`).
 */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Affinity, Node, Pod, PodTemplateSpec, Toleration } from '../../api/core/v1/types.ts';
import { podMatchesNodeSelectorAndAffinityTerms } from '../../api/core/v1/helpers/node-affinity.ts';
import { NodeFieldSelectorKeyNodeName } from '../../api/core/v1/helpers/node-affinity.ts';
import {
  TaintEffect,
  doNotScheduleTaintsFilter,
  formatTaint,
  tolerationToleratesTaint,
} from '../../api/core/v1/helpers/taints.ts';

/** Label carrying the hash of the ControllerRevision a pod was created from. */
export const ControllerRevisionHashLabelKey = 'controller-revision-hash';
/** Legacy label carrying the DaemonSet's template generation. */
export const PodTemplateGenerationLabelKey = 'pod-template-generation';
/** Annotation through which apps/v1 exposes the internal `spec.templateGeneration`. */
export const TemplateGenerationAnnotation = 'deprecated.daemonset.template.generation';

/** Taint keys the node lifecycle controller and kubelet put on nodes. */
export const TaintNodeKey = {
  NotReady: 'node.kubernetes.io/not-ready',
  Unreachable: 'node.kubernetes.io/unreachable',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
  Unschedulable: 'node.kubernetes.io/unschedulable',
  NetworkUnavailable: 'node.kubernetes.io/network-unavailable',
} as const;

/** Options of nodeShouldRunDaemonPod. */
export interface PlacementOptions {
  /**
   * The node selector of the DaemonSet's namespace (annotation `openshift.io/node-selector` or
   * `scheduler.alpha.kubernetes.io/node-selector`). Admission merges it into every pod of the
   * namespace, so a node that does not match it can never run the pod: treating it as not
   * eligible keeps the controller from creating pods that never schedule.
   */
  namespaceNodeSelector?: Readonly<Record<string, string>>;
}

/** PlacementDecision is the verdict for one (node, DaemonSet) pair. */
export interface PlacementDecision {
  /** A daemon pod should be created on the node if it has none. */
  shouldRun: boolean;
  /** Daemon pods already on the node may stay. */
  shouldContinueRunning: boolean;
  /** Human-readable reasons why the pod should not run (empty when `shouldRun`). */
  reasons: string[];
}

const daemonTolerationsCache = new WeakMap<object, Toleration[]>();

/**
 * nodeShouldRunDaemonPod decides whether the DaemonSet should run (and keep running) a pod on the
 * node: node name, nodeSelector + required node affinity (+ the namespace node selector), then
 * NoSchedule/NoExecute taints against the template's tolerations plus the default daemon ones.
 * An untolerated NoSchedule taint lets existing pods stay; an untolerated NoExecute taint does not.
 */
export function nodeShouldRunDaemonPod(
  node: Node,
  ds: DaemonSet,
  options: PlacementOptions = {},
): PlacementDecision {
  const spec = ds.spec?.template.spec;
  const nodeName = node.metadata.name ?? '';
  if (spec?.nodeName && spec.nodeName !== nodeName) {
    return no(`spec.template.spec.nodeName is ${JSON.stringify(spec.nodeName)}`);
  }
  if (!podMatchesNodeSelectorAndAffinityTerms(spec, node)) {
    return no("node does not match the DaemonSet's nodeSelector or required node affinity");
  }
  const nsSelector = options.namespaceNodeSelector;
  if (nsSelector) {
    const conflict = Object.entries(nsSelector).find(
      ([k, v]) => spec?.nodeSelector?.[k] !== undefined && spec.nodeSelector[k] !== v,
    );
    if (conflict)
      return no(`nodeSelector conflicts with the namespace node selector on ${conflict[0]}`);
    if (!podMatchesNodeSelectorAndAffinityTerms({ nodeSelector: { ...nsSelector } }, node)) {
      return no(`node does not match the namespace node selector ${formatSelector(nsSelector)}`);
    }
  }
  const tolerations = daemonTolerationsOf(ds);
  const reasons: string[] = [];
  let shouldContinueRunning = true;
  for (const taint of node.spec?.taints ?? []) {
    if (!doNotScheduleTaintsFilter(taint)) continue;
    if (tolerations.some((t) => tolerationToleratesTaint(t, taint))) continue;
    reasons.push(`node has untolerated taint ${formatTaint(taint)}`);
    if (taint.effect === TaintEffect.NoExecute) shouldContinueRunning = false;
  }
  if (reasons.length > 0) return { shouldRun: false, shouldContinueRunning, reasons };
  return { shouldRun: true, shouldContinueRunning: true, reasons: [] };
}

function no(reason: string): PlacementDecision {
  return { shouldRun: false, shouldContinueRunning: false, reasons: [reason] };
}

function formatSelector(sel: Readonly<Record<string, string>>): string {
  return Object.entries(sel)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** daemonTolerationsOf is the template's tolerations plus the defaults, memoized per cached DS object. */
function daemonTolerationsOf(ds: DaemonSet): Toleration[] {
  let t = daemonTolerationsCache.get(ds);
  if (!t) {
    const spec = ds.spec?.template.spec;
    t = addDaemonTolerations(spec?.tolerations ?? [], spec?.hostNetwork === true);
    daemonTolerationsCache.set(ds, t);
  }
  return t;
}

/**
 * addDaemonTolerations returns the tolerations with the default daemon tolerations added, in
 * upstream order (not-ready and unreachable NoExecute; disk, memory and pid pressure and
 * unschedulable NoSchedule; network-unavailable NoSchedule only with hostNetwork). A user
 * toleration identical in key, operator, value and effect is replaced in place (its
 * `tolerationSeconds` is dropped, as upstream); the others are appended.
 */
export function addDaemonTolerations(
  tolerations: readonly Toleration[],
  hostNetwork: boolean,
): Toleration[] {
  const out = tolerations.map((t) => ({ ...t }));
  const add = (key: string, effect: TaintEffect): void => {
    const t: Toleration = { key, operator: 'Exists', effect };
    const i = out.findIndex(
      (o) =>
        (o.key ?? '') === key &&
        (o.operator ?? '') === 'Exists' &&
        (o.value ?? '') === '' &&
        (o.effect ?? '') === effect,
    );
    if (i >= 0) out[i] = t;
    else out.push(t);
  };
  add(TaintNodeKey.NotReady, TaintEffect.NoExecute);
  add(TaintNodeKey.Unreachable, TaintEffect.NoExecute);
  add(TaintNodeKey.DiskPressure, TaintEffect.NoSchedule);
  add(TaintNodeKey.MemoryPressure, TaintEffect.NoSchedule);
  add(TaintNodeKey.PIDPressure, TaintEffect.NoSchedule);
  add(TaintNodeKey.Unschedulable, TaintEffect.NoSchedule);
  if (hostNetwork) add(TaintNodeKey.NetworkUnavailable, TaintEffect.NoSchedule);
  return out;
}

/**
 * newDaemonPodTemplate is the template every pod of this revision is created from: the DS
 * template with the default tolerations, the `controller-revision-hash` label and (when the
 * generation parses as an integer) the `pod-template-generation` label. The DS is not modified.
 */
export function newDaemonPodTemplate(
  ds: DaemonSet,
  revisionHash: string,
  generation: string | undefined,
): PodTemplateSpec {
  const template = structuredClone(ds.spec?.template ?? {});
  const spec = template.spec ?? { containers: [] };
  spec.tolerations = addDaemonTolerations(spec.tolerations ?? [], spec.hostNetwork === true);
  template.spec = spec;
  const labels = { ...(template.metadata?.labels ?? {}) };
  if (generation !== undefined && /^[+-]?\d+$/.test(generation)) {
    labels[PodTemplateGenerationLabelKey] = String(BigInt(generation));
  }
  if (revisionHash) labels[ControllerRevisionHashLabelKey] = revisionHash;
  template.metadata = { ...(template.metadata ?? {}), labels };
  return template;
}

/**
 * replaceDaemonSetPodNodeNameNodeAffinity returns an affinity whose required node affinity is a
 * single term `matchFields metadata.name In [nodeName]`. As upstream, the user's required terms
 * are replaced (the controller already evaluated them); preferred and pod (anti-)affinity stay.
 */
export function replaceDaemonSetPodNodeNameNodeAffinity(
  affinity: Affinity | undefined,
  nodeName: string,
): Affinity {
  const required = {
    nodeSelectorTerms: [
      { matchFields: [{ key: NodeFieldSelectorKeyNodeName, operator: 'In', values: [nodeName] }] },
    ],
  };
  const out: Affinity = { ...(affinity ?? {}) };
  out.nodeAffinity = {
    ...(affinity?.nodeAffinity ?? {}),
    requiredDuringSchedulingIgnoredDuringExecution: required,
  };
  return out;
}

/**
 * getTargetNodeName is the node a daemon pod belongs to: `spec.nodeName`, else the single value
 * of a `matchFields metadata.name In [x]` requirement; undefined when neither exists.
 */
export function getTargetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const exp of term.matchFields ?? []) {
      if (exp.key === NodeFieldSelectorKeyNodeName && exp.operator === 'In') {
        return exp.values?.length === 1 ? exp.values[0] : undefined;
      }
    }
  }
  return undefined;
}
