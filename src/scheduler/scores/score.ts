/** @module The Score seam: one node-ranking plugin per file, combined by weight like upstream. */
import type { Pod } from '../../api/core/v1/types.ts';
import type { NodeInfo } from '../node-info.ts';

/** MaxNodeScore is the top of every plugin's normalised range. */
export const MaxNodeScore = 100;

/** ScorePlugin ranks feasible nodes for a pod. */
export interface ScorePlugin {
  name: string;
  /** Upstream default-profile weight. */
  weight: number;
  /** Raw score of one node. */
  score(pod: Pod, nodeInfo: NodeInfo): number;
  /** Rescales the raw scores of all feasible nodes in place (upstream NormalizeScore). */
  normalize?(scores: number[]): void;
}

/** defaultNormalizeScore is upstream `helper.DefaultNormalizeScore`. */
export function defaultNormalizeScore(reverse: boolean, scores: number[]): void {
  const max = Math.max(0, ...scores);
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      scores[i] = reverse ? MaxNodeScore : 0;
      continue;
    }
    const s = Math.floor((MaxNodeScore * (scores[i] ?? 0)) / max);
    scores[i] = reverse ? MaxNodeScore - s : s;
  }
}
