/** @module scheduling.k8s.io/v1 defaulting (upstream `SetDefaults_PriorityClass`). */
import type { PriorityClass } from './types.ts';

/** setDefaultsPriorityClass defaults preemptionPolicy to PreemptLowerPriority. */
export function setDefaultsPriorityClass(pc: PriorityClass): void {
  pc.preemptionPolicy ??= 'PreemptLowerPriority';
}
