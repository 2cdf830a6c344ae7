/**
 * @module NodeResourcesFit (LeastAllocated strategy) and NodeResourcesBalancedAllocation scores,
 * over cpu and memory with equal weights, like upstream's default profile.
 */
import { computeNonZeroRequests, computePodRequests } from '../resources.ts';
import { MaxNodeScore, type ScorePlugin } from './score.ts';

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MaxNodeScore) / capacity);
}

/** leastAllocatedScore prefers nodes with more free cpu and memory (weight 1). */
export const leastAllocatedScore: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  score(pod, nodeInfo) {
    const req = computeNonZeroRequests(pod);
    const cpu = leastRequested(
      nodeInfo.nonZeroRequested.milliCPU + req.milliCPU,
      nodeInfo.allocatable.milliCPU,
    );
    const mem = leastRequested(
      nodeInfo.nonZeroRequested.memory + req.memory,
      nodeInfo.allocatable.memory,
    );
    return Math.floor((cpu + mem) / 2);
  },
};

/** balancedAllocationScore prefers nodes whose cpu and memory use stay even (weight 1). */
export const balancedAllocationScore: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(pod, nodeInfo) {
    const req = computePodRequests(pod);
    const a = nodeInfo.allocatable;
    const fraction = (used: number, cap: number): number =>
      cap === 0 ? 0 : Math.min(1, used / cap);
    const cpu = fraction(nodeInfo.requested.milliCPU + req.milliCPU, a.milliCPU);
    const mem = fraction(nodeInfo.requested.memory + req.memory, a.memory);
    // With two resources the standard deviation is half their difference.
    const std = Math.abs(cpu - mem) / 2;
    return Math.floor((1 - std) * MaxNodeScore);
  },
};
