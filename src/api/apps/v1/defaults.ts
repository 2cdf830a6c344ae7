/** @module apps/v1 defaulting: upstream `SetDefaults_DaemonSet` plus the pod template walk. */
import { setDefaultsPodTemplateSpec } from '../../core/v1/defaults.ts';
import type { DaemonSet } from './types.ts';

/** setDefaultsDaemonSet defaults updateStrategy, revisionHistoryLimit and the pod template. */
export function setDefaultsDaemonSet(ds: DaemonSet): void {
  ds.spec ??= { selector: {}, template: {} };
  const spec = ds.spec;
  spec.updateStrategy ??= {};
  const strategy = spec.updateStrategy;
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    strategy.rollingUpdate ??= {};
    strategy.rollingUpdate.maxUnavailable ??= 1;
    strategy.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  // Go decodes an absent template as its zero value; validation then names what is missing.
  spec.template ??= {};
  setDefaultsPodTemplateSpec(spec.template);
}
