/** @module NodeAffinity score: sum of the weights of matching preferred node affinity terms. */
import { nodeMatchesNodeSelectorTerms } from '../../api/core/v1/helpers/node-affinity.ts';
import { defaultNormalizeScore, type ScorePlugin } from './score.ts';

/** nodeAffinityScore is the NodeAffinity score plugin (weight 2). */
export const nodeAffinityScore: ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  score(pod, nodeInfo) {
    const preferred =
      pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    let sum = 0;
    for (const p of preferred) {
      if (p.weight !== 0 && nodeMatchesNodeSelectorTerms(nodeInfo.node, [p.preference]))
        sum += p.weight;
    }
    return sum;
  },
  normalize: (scores) => defaultNormalizeScore(false, scores),
};
