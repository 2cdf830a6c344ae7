/**
 * @module PodNodeSelector: a namespace's node selector annotation is merged into every pod created
 * in it (OpenShift's `openshift.io/node-selector`, upstream's `scheduler.alpha.kubernetes.io/node-selector`);
 * a pod whose own nodeSelector contradicts it is refused.
 */
import { StatusError } from '../../api/meta/status-error.ts';
import type { Namespace, Pod } from '../../api/core/v1/types.ts';
import { R } from '../../api/scheme.ts';
import type { AdmissionPlugin } from './admission.ts';

/** Annotation keys carrying a namespace's node selector. */
export const NamespaceNodeSelectorAnnotations = ['openshift.io/node-selector', 'scheduler.alpha.kubernetes.io/node-selector'] as const;

/** parseNodeSelectorAnnotation parses `k=v,k2=v2` (the annotation's format); throws on bad syntax. */
export function parseNodeSelectorAnnotation(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`invalid node selector ${JSON.stringify(value)}: expected key=value`);
    out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}

/** namespaceNodeSelector returns a namespace's node selector, or undefined when it has none. */
export function namespaceNodeSelector(ns: Namespace | undefined): Record<string, string> | undefined {
  const annotations = ns?.metadata.annotations ?? {};
  let merged: Record<string, string> | undefined;
  for (const key of NamespaceNodeSelectorAnnotations) {
    const v = annotations[key];
    if (v === undefined) continue;
    merged = { ...(merged ?? {}), ...parseNodeSelectorAnnotation(v) };
  }
  return merged;
}

/** podNodeSelector merges the namespace selector into pods on create. */
export const podNodeSelector: AdmissionPlugin = {
  name: 'PodNodeSelector',
  admit(a) {
    if (a.info.resource !== 'pods' || a.operation !== 'CREATE' || a.subresource || !a.object) return;
    const pod = a.object as Pod;
    const ns = a.read(R.namespaces, undefined, a.namespace ?? pod.metadata.namespace ?? '') as Namespace | undefined;
    let selector: Record<string, string> | undefined;
    try {
      selector = namespaceNodeSelector(ns);
    } catch (e: unknown) {
      throw StatusError.forbidden(`pods "${pod.metadata.name ?? ''}" is forbidden: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!selector || !pod.spec) return;
    const own = pod.spec.nodeSelector ?? {};
    for (const [k, v] of Object.entries(selector)) {
      if (own[k] !== undefined && own[k] !== v) {
        throw StatusError.forbidden(`pods "${pod.metadata.name ?? ''}" is forbidden: pod node label selector conflicts with its namespace node label selector`, { name: pod.metadata.name ?? '', kind: 'pods' });
      }
    }
    pod.spec.nodeSelector = { ...own, ...selector };
  },
};
