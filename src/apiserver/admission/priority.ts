/** @module Priority admission: resolves priorityClassName into spec.priority (and the global default). */
import { StatusError } from '../../api/meta/status-error.ts';
import type { Pod } from '../../api/core/v1/types.ts';
import type { PriorityClass } from '../../api/scheduling/v1/types.ts';
import { R } from '../../api/scheme.ts';
import type { AdmissionPlugin } from './admission.ts';

/** The built-in classes every cluster has. */
export const systemPriorityClasses: PriorityClass[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.',
    preemptionPolicy: 'PreemptLowerPriority',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    preemptionPolicy: 'PreemptLowerPriority',
  },
];

/** priority is upstream's Priority admission plugin (pods only, on create). */
export const priority: AdmissionPlugin = {
  name: 'Priority',
  admit(a) {
    if (a.info.resource !== 'pods' || a.operation !== 'CREATE' || a.subresource || !a.object)
      return;
    const pod = a.object as Pod;
    const spec = pod.spec;
    if (!spec) return;
    const name = spec.priorityClassName;
    let pc: PriorityClass | undefined;
    if (name) {
      pc = a.read(R.priorityclasses, undefined, name) as PriorityClass | undefined;
      if (!pc) {
        throw StatusError.forbidden(
          `pods "${pod.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${name} was found`,
          { name: pod.metadata.name ?? '', kind: 'pods' },
        );
      }
    } else {
      const defaults = (a.list(R.priorityclasses) as PriorityClass[]).filter(
        (p) => p.globalDefault,
      );
      // Upstream picks the lowest-valued global default when several exist.
      pc = defaults.sort((x, y) => x.value - y.value)[0];
      if (pc?.metadata.name) spec.priorityClassName = pc.metadata.name;
    }
    const value = pc?.value ?? 0;
    if (spec.priority !== undefined && spec.priority !== value) {
      throw StatusError.forbidden(
        `pods "${pod.metadata.name ?? ''}" is forbidden: the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
        { name: pod.metadata.name ?? '', kind: 'pods' },
      );
    }
    spec.priority = value;
    const policy = pc?.preemptionPolicy ?? 'PreemptLowerPriority';
    if (spec.preemptionPolicy === undefined || pc) spec.preemptionPolicy = policy;
  },
};
