/** @module NodePorts filter: requested host ports must be free on the node. */
import { DefaultBindAllHostIP, podHostPorts, type HostPort, type NodeInfo } from '../node-info.ts';
import { fits, unschedulable, type Predicate } from './predicate.ts';

/** ErrReasonNodePorts is upstream's NodePorts failure reason. */
export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

/**
 * hostPortConflicts is upstream `HostPortInfo.CheckConflict`: the same protocol and port conflict
 * when the IPs are equal or either side binds every address (0.0.0.0).
 */
export function hostPortConflicts(p: HostPort, nodeInfo: NodeInfo): boolean {
  const suffix = `/${p.protocol}/${p.port}`;
  if (p.ip === DefaultBindAllHostIP) {
    for (const key of nodeInfo.usedPorts.keys()) if (key.endsWith(suffix)) return true;
    return false;
  }
  return (
    nodeInfo.usedPorts.has(p.ip + suffix) || nodeInfo.usedPorts.has(DefaultBindAllHostIP + suffix)
  );
}

/** nodePorts is the NodePorts filter. */
export const nodePorts: Predicate = (pod, nodeInfo) => {
  const wanted = podHostPorts(pod);
  if (wanted.length === 0) return fits;
  return wanted.some((p) => hostPortConflicts(p, nodeInfo))
    ? unschedulable(ErrReasonNodePorts)
    : fits;
};
