/** @module The namespace node selector (everynode's "Beyond OpenShift" addition) as the DS controller sees it. */
import { namespaceNodeSelector } from '../../api/core/v1/helpers/namespace-node-selector.ts';
import type { Namespace } from '../../api/core/v1/types.ts';
import type { Logger } from '../../lib/logger.ts';

/**
 * namespaceNodeSelectorOf returns the merged selector of a namespace, or undefined when it has
 * none. A malformed annotation is logged and ignored (admission rejects those pods anyway).
 */
export function namespaceNodeSelectorOf(
  ns: Namespace | undefined,
  logger: Logger,
): Record<string, string> | undefined {
  try {
    return namespaceNodeSelector(ns);
  } catch (e: unknown) {
    logger.warn('ignoring malformed namespace node selector', {
      namespace: ns?.metadata.name,
      error: e,
    });
    return undefined;
  }
}
