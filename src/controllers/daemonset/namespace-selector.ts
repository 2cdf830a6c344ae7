/** @module The namespace node selector (everynode's "Beyond OpenShift" addition) as the DS controller sees it. */
import type { Namespace } from '../../api/core/v1/types.ts';
import type { Logger } from '../../lib/logger.ts';

/** Annotation keys carrying a namespace's node selector, in merge order. */
export const NamespaceNodeSelectorAnnotations = [
  'openshift.io/node-selector',
  'scheduler.alpha.kubernetes.io/node-selector',
] as const;

/** parseNodeSelectorAnnotation parses `k=v,k2=v2`; throws on a part without `=`. */
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

/**
 * namespaceNodeSelectorOf returns the merged selector of a namespace, or undefined when it has
 * none. A malformed annotation is logged and ignored (admission rejects those pods anyway).
 */
export function namespaceNodeSelectorOf(
  ns: Namespace | undefined,
  logger: Logger,
): Record<string, string> | undefined {
  const annotations = ns?.metadata.annotations ?? {};
  let merged: Record<string, string> | undefined;
  for (const key of NamespaceNodeSelectorAnnotations) {
    const v = annotations[key];
    if (v === undefined) continue;
    try {
      merged = { ...(merged ?? {}), ...parseNodeSelectorAnnotation(v) };
    } catch (e: unknown) {
      logger.warn('ignoring malformed namespace node selector', {
        namespace: ns?.metadata.name,
        error: e,
      });
    }
  }
  return merged;
}
