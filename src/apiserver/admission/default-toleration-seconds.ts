/** @module DefaultTolerationSeconds: pods tolerate not-ready/unreachable NoExecute for 300 s unless they say otherwise. */
import type { Pod, Toleration } from '../../api/core/v1/types.ts';
import type { AdmissionPlugin } from './admission.ts';

/** DEFAULT_TOLERATION_SECONDS is upstream's --default-not-ready-toleration-seconds (and unreachable). */
export const DEFAULT_TOLERATION_SECONDS = 300;

const keys = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** defaultTolerationSeconds is upstream's DefaultTolerationSeconds admission plugin. */
export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(a) {
    if (a.info.resource !== 'pods' || a.operation !== 'CREATE' || a.subresource || !a.object)
      return;
    const spec = (a.object as Pod).spec;
    if (!spec) return;
    const tolerations: Toleration[] = spec.tolerations ?? [];
    for (const key of keys) {
      const covered = tolerations.some(
        (t) =>
          (t.operator === 'Exists' && !t.key) ||
          (t.key === key && (t.effect === 'NoExecute' || !t.effect)),
      );
      if (!covered)
        tolerations.push({
          key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
        });
    }
    spec.tolerations = tolerations;
  },
};
