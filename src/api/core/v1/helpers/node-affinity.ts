/**
 * @module Required node affinity matching: `nodeSelector` + `requiredDuringSchedulingIgnoredDuringExecution`
 * (component-helpers `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`).
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from '../types.ts';

/** The node selector operators (wire strings). */
export const NodeSelectorOperator = {
  In: 'In',
  NotIn: 'NotIn',
  Exists: 'Exists',
  DoesNotExist: 'DoesNotExist',
  Gt: 'Gt',
  Lt: 'Lt',
} as const;

/** The only field `matchFields` may select on. */
export const NodeFieldSelectorKeyNodeName = 'metadata.name';

const integer = /^[+-]?\d+$/;

/**
 * labelRequirementMatches evaluates one `matchExpressions` requirement against node labels.
 * Malformed requirements (wrong value counts, non-integer Gt/Lt operands, unknown operators)
 * return undefined: upstream treats a term with a parse error as not matching.
 */
export function labelRequirementMatches(
  req: NodeSelectorRequirement,
  labels: Readonly<Record<string, string>>,
): boolean | undefined {
  const values = req.values ?? [];
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.operator) {
    case NodeSelectorOperator.In:
      if (values.length === 0) return undefined;
      return has && values.includes(value ?? '');
    case NodeSelectorOperator.NotIn:
      if (values.length === 0) return undefined;
      return !has || !values.includes(value ?? '');
    case NodeSelectorOperator.Exists:
      return values.length === 0 ? has : undefined;
    case NodeSelectorOperator.DoesNotExist:
      return values.length === 0 ? !has : undefined;
    case NodeSelectorOperator.Gt:
    case NodeSelectorOperator.Lt: {
      const operand = values[0];
      if (values.length !== 1 || operand === undefined || !integer.test(operand)) return undefined;
      if (value === undefined || !integer.test(value)) return false;
      const diff = BigInt(value) - BigInt(operand);
      return req.operator === NodeSelectorOperator.Gt ? diff > 0n : diff < 0n;
    }
    default:
      return undefined;
  }
}

/**
 * fieldRequirementMatches evaluates one `matchFields` requirement: `In`/`NotIn` with exactly one
 * value, against `metadata.name` (other keys read as the empty string, as a fields.Set lookup does).
 */
export function fieldRequirementMatches(
  req: NodeSelectorRequirement,
  node: Node,
): boolean | undefined {
  const values = req.values ?? [];
  const operand = values[0];
  if (values.length !== 1 || operand === undefined) return undefined;
  const actual = req.key === NodeFieldSelectorKeyNodeName ? (node.metadata.name ?? '') : '';
  if (req.operator === NodeSelectorOperator.In) return actual === operand;
  if (req.operator === NodeSelectorOperator.NotIn) return actual !== operand;
  return undefined;
}

/** termMatches ANDs a term's requirements; a malformed requirement makes the term not match. */
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const req of term.matchExpressions ?? []) {
    if (labelRequirementMatches(req, labels) !== true) return false;
  }
  for (const req of term.matchFields ?? []) {
    if (fieldRequirementMatches(req, node) !== true) return false;
  }
  return true;
}

/**
 * nodeMatchesNodeSelectorTerms reports whether any term matches the node (terms are ORed;
 * within a term `matchExpressions` and `matchFields` are ANDed). Empty terms select nothing, so
 * an empty list matches no node.
 */
export function nodeMatchesNodeSelectorTerms(
  node: Node,
  terms: readonly NodeSelectorTerm[] | undefined,
): boolean {
  return (terms ?? []).some((term) => {
    const empty = !term.matchExpressions?.length && !term.matchFields?.length;
    return !empty && termMatches(term, node);
  });
}

/** nodeMatchesNodeSelector reports whether every `nodeSelector` key/value equals a node label. */
export function nodeMatchesNodeSelector(
  node: Node,
  nodeSelector: Readonly<Record<string, string>> | undefined,
): boolean {
  const labels = node.metadata.labels ?? {};
  return Object.entries(nodeSelector ?? {}).every(
    ([k, v]) => Object.hasOwn(labels, k) && labels[k] === v,
  );
}

/**
 * podMatchesNodeSelectorAndAffinityTerms reports whether the node satisfies the pod's required
 * node affinity: its `nodeSelector` AND (when present) the required node affinity terms.
 * Preferred affinity and pod (anti-)affinity are not considered.
 */
export function podMatchesNodeSelectorAndAffinityTerms(
  podSpec: Pick<PodSpec, 'nodeSelector' | 'affinity'> | undefined,
  node: Node,
): boolean {
  if (!nodeMatchesNodeSelector(node, podSpec?.nodeSelector)) return false;
  const required = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return nodeMatchesNodeSelectorTerms(node, required.nodeSelectorTerms);
}
