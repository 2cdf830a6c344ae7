/**
 * @module PodNodeSelector: a namespace's node selector annotation is merged into every pod created
 * in it (OpenShift's `openshift.io/node-selector`, upstream's `scheduler.alpha.kubernetes.io/node-selector`);
 * a pod whose own nodeSelector contradicts it is refused.
 */
import { StatusError } from '../../api/meta/status-error.ts';
import { namespaceNodeSelector } from '../../api/core/v1/helpers/namespace-node-selector.ts';
import type { Namespace, Pod } from '../../api/core/v1/types.ts';
import { R } from '../../api/scheme.ts';
import type { AdmissionPlugin } from './admission.ts';

/** podNodeSelector merges the namespace selector into pods on create. */
export const podNodeSelector: AdmissionPlugin = {
  name: 'PodNodeSelector',
  admit(a) {
    if (a.info.resource !== 'pods' || a.operation !== 'CREATE' || a.subresource || !a.object)
      return;
    const pod = a.object as Pod;
    const ns = a.read(R.namespaces, undefined, a.namespace ?? pod.metadata.namespace ?? '') as
      Namespace | undefined;
    let selector: Record<string, string> | undefined;
    try {
      selector = namespaceNodeSelector(ns);
    } catch (e: unknown) {
      throw StatusError.forbidden(
        `pods "${pod.metadata.name ?? ''}" is forbidden: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (!selector || !pod.spec) return;
    const own = pod.spec.nodeSelector ?? {};
    for (const [k, v] of Object.entries(selector)) {
      if (own[k] !== undefined && own[k] !== v) {
        throw StatusError.forbidden(
          `pods "${pod.metadata.name ?? ''}" is forbidden: pod node label selector conflicts with its namespace node label selector`,
          { name: pod.metadata.name ?? '', kind: 'pods' },
        );
      }
    }
    pod.spec.nodeSelector = { ...own, ...selector };
  },
};
