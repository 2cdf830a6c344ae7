/** @module NamespaceLifecycle: no creates into missing or terminating namespaces; system namespaces stay. */
import { StatusError } from '../../api/meta/status-error.ts';
import { R } from '../../api/scheme.ts';
import type { AdmissionPlugin } from './admission.ts';

/** Namespaces that may never be deleted (upstream immortal namespaces). */
export const immortalNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** namespaceLifecycle is upstream's NamespaceLifecycle admission plugin. */
export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  validate(a) {
    if (
      a.info.resource === 'namespaces' &&
      a.operation === 'DELETE' &&
      immortalNamespaces.includes(a.name)
    ) {
      throw StatusError.forbidden(
        `namespaces "${a.name}" is forbidden: this namespace may not be deleted`,
        { name: a.name, kind: 'namespaces' },
      );
    }
    if (!a.info.namespaced || a.operation !== 'CREATE' || a.subresource) return;
    const ns = a.namespace ?? a.object?.metadata.namespace ?? '';
    const obj = a.read(R.namespaces, undefined, ns);
    if (!obj) throw StatusError.notFound({ resource: 'namespaces', group: '', name: ns });
    // Events may still be written while a namespace terminates (upstream exempts them too).
    if (obj.metadata.deletionTimestamp && a.info.resource !== 'events') {
      throw StatusError.forbidden(
        `${a.info.resource}${a.info.group ? '.' + a.info.group : ''} "${a.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        {
          name: a.name,
          group: a.info.group,
          kind: a.info.resource,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${ns} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  },
};
