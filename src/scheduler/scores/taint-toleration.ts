/** @module TaintToleration score: fewer untolerated PreferNoSchedule taints rank higher. */
import { tolerationsTolerateTaint } from '../../api/core/v1/helpers/taints.ts';
import { defaultNormalizeScore, type ScorePlugin } from './score.ts';

/** taintTolerationScore is the TaintToleration score plugin (weight 3). */
export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  score(pod, nodeInfo) {
    // Only tolerations that can apply to PreferNoSchedule count (upstream
    // getAllTolerationPreferNoSchedule).
    const tolerations = (pod.spec?.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === 'PreferNoSchedule',
    );
    let count = 0;
    for (const taint of nodeInfo.node.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) {
        count++;
      }
    }
    return count;
  },
  normalize: (scores) => defaultNormalizeScore(true, scores),
};
