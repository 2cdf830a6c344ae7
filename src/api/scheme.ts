/**
 * @module The resources everynode serves: group/version/kind, plural names, scope, short names,
 * verbs and subresources. Discovery, routing, OpenAPI and clients all read this one table.
 */

/** GroupVersionKind names a kind. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** SubresourceInfo describes `<resource>/<sub>`. */
export interface SubresourceInfo {
  name: string;
  /** Kind the subresource takes and answers with. */
  kind: GroupVersionKind;
  verbs: readonly string[];
}

/** ResourceInfo describes one served resource. */
export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural lower-case name (`daemonsets`). */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  verbs: readonly string[];
  subresources: readonly SubresourceInfo[];
}

const crud = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
] as const;

function gvk(group: string, version: string, kind: string): GroupVersionKind {
  return { group, version, kind };
}

function res(
  group: string,
  version: string,
  resource: string,
  kind: string,
  opts: Partial<
    Pick<
      ResourceInfo,
      'namespaced' | 'shortNames' | 'categories' | 'verbs' | 'subresources' | 'singular'
    >
  > = {},
): ResourceInfo {
  return {
    group,
    version,
    resource,
    singular: opts.singular ?? kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced: opts.namespaced ?? true,
    shortNames: opts.shortNames ?? [],
    categories: opts.categories ?? [],
    verbs: opts.verbs ?? crud,
    subresources: opts.subresources ?? [],
  };
}

const statusOf = (g: string, v: string, kind: string): SubresourceInfo => ({
  name: 'status',
  kind: gvk(g, v, kind),
  verbs: ['get', 'patch', 'update'],
});

/** resources is every resource the API server serves, in discovery order. */
export const resources: readonly ResourceInfo[] = [
  res('', 'v1', 'namespaces', 'Namespace', {
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [statusOf('', 'v1', 'Namespace')],
  }),
  res('', 'v1', 'nodes', 'Node', {
    namespaced: false,
    shortNames: ['no'],
    subresources: [statusOf('', 'v1', 'Node')],
  }),
  res('', 'v1', 'pods', 'Pod', {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'binding', kind: gvk('', 'v1', 'Binding'), verbs: ['create'] },
      { name: 'eviction', kind: gvk('policy', 'v1', 'Eviction'), verbs: ['create'] },
      { name: 'log', kind: gvk('', 'v1', 'Pod'), verbs: ['get'] },
      statusOf('', 'v1', 'Pod'),
    ],
  }),
  res('', 'v1', 'services', 'Service', {
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [statusOf('', 'v1', 'Service')],
  }),
  res('', 'v1', 'endpoints', 'Endpoints', { shortNames: ['ep'], singular: 'endpoints' }),
  res('', 'v1', 'events', 'Event', { shortNames: ['ev'] }),
  res('', 'v1', 'configmaps', 'ConfigMap', { shortNames: ['cm'] }),
  res('apps', 'v1', 'daemonsets', 'DaemonSet', {
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [statusOf('apps', 'v1', 'DaemonSet')],
  }),
  res('apps', 'v1', 'controllerrevisions', 'ControllerRevision'),
  res('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', {
    namespaced: false,
    shortNames: ['pc'],
  }),
  res('coordination.k8s.io', 'v1', 'leases', 'Lease'),
  res('events.k8s.io', 'v1', 'events', 'Event', { shortNames: ['ev'] }),
  res('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', {
    namespaced: false,
    verbs: ['create'],
  }),
];

/** groupVersion renders `apps/v1` or `v1` for the core group. */
export function groupVersion(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** findResource looks a resource up by group, version and plural name. */
export function findResource(
  group: string,
  version: string,
  resource: string,
): ResourceInfo | undefined {
  return resources.find(
    (r) => r.group === group && r.version === version && r.resource === resource,
  );
}

/** findResourceByKind looks a resource up by apiVersion (`apps/v1`) and kind. */
export function findResourceByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return resources.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

/** Well-known resources, for typed clients. */
export const R = {
  namespaces: req('', 'v1', 'namespaces'),
  nodes: req('', 'v1', 'nodes'),
  pods: req('', 'v1', 'pods'),
  services: req('', 'v1', 'services'),
  endpoints: req('', 'v1', 'endpoints'),
  events: req('', 'v1', 'events'),
  configmaps: req('', 'v1', 'configmaps'),
  daemonsets: req('apps', 'v1', 'daemonsets'),
  controllerrevisions: req('apps', 'v1', 'controllerrevisions'),
  priorityclasses: req('scheduling.k8s.io', 'v1', 'priorityclasses'),
  leases: req('coordination.k8s.io', 'v1', 'leases'),
} as const;

function req(group: string, version: string, resource: string): ResourceInfo {
  const r = findResource(group, version, resource);
  if (!r) throw new Error(`unknown resource ${group}/${version}/${resource}`);
  return r;
}
