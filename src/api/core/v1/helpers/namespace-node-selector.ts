/**
 * @module A namespace's node selector: OpenShift's `openshift.io/node-selector` and upstream's
 * `scheduler.alpha.kubernetes.io/node-selector` annotations, merged into every pod of the namespace
 * by admission and honoured by the DaemonSet controller when it picks nodes.
 */
import type { Namespace } from '../types.ts';

/** Annotation keys carrying a namespace's node selector, in merge order. */
export const NamespaceNodeSelectorAnnotations = [
  'openshift.io/node-selector',
  'scheduler.alpha.kubernetes.io/node-selector',
] as const;

/** parseNodeSelectorAnnotation parses `k=v,k2=v2` (the annotations' format); throws on a part without `=`. */
export function parseNodeSelectorAnnotation(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq <= 0)
      throw new Error(`invalid node selector ${JSON.stringify(value)}: expected key=value`);
    out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}

/** namespaceNodeSelector returns a namespace's merged selector, or undefined when it has none; throws when malformed. */
export function namespaceNodeSelector(
  ns: Namespace | undefined,
): Record<string, string> | undefined {
  const annotations = ns?.metadata.annotations ?? {};
  let merged: Record<string, string> | undefined;
  for (const key of NamespaceNodeSelectorAnnotations) {
    const v = annotations[key];
    if (v === undefined) continue;
    merged = { ...(merged ?? {}), ...parseNodeSelectorAnnotation(v) };
  }
  return merged;
}
