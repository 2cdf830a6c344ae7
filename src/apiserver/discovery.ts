/** @module API discovery, aggregated (apidiscovery.k8s.io/v2) and legacy, built once from the scheme. */
import { groupVersion, resources, type ResourceInfo } from '../api/scheme.ts';

/** AGGREGATED_CONTENT_TYPE is what kubectl recognises an aggregated document by. */
export const AGGREGATED_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

interface GroupVersions {
  group: string;
  versions: Map<string, ResourceInfo[]>;
}

function groups(): GroupVersions[] {
  const out = new Map<string, GroupVersions>();
  for (const r of resources) {
    let g = out.get(r.group);
    if (!g) out.set(r.group, (g = { group: r.group, versions: new Map() }));
    let list = g.versions.get(r.version);
    if (!list) g.versions.set(r.version, (list = []));
    list.push(r);
  }
  return [...out.values()];
}

function aggregatedResource(r: ResourceInfo): object {
  return {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs],
    ...(r.shortNames.length ? { shortNames: [...r.shortNames] } : {}),
    ...(r.categories.length ? { categories: [...r.categories] } : {}),
    ...(r.subresources.length
      ? {
          subresources: r.subresources.map((s) => ({
            subresource: s.name,
            responseKind: { group: s.kind.group, version: s.kind.version, kind: s.kind.kind },
            verbs: [...s.verbs],
          })),
        }
      : {}),
  };
}

function aggregatedGroup(g: GroupVersions): object {
  return {
    metadata: g.group ? { name: g.group, creationTimestamp: null } : { creationTimestamp: null },
    versions: [...g.versions.entries()].map(([version, list]) => ({
      version,
      resources: list.map(aggregatedResource),
      freshness: 'Current',
    })),
  };
}

/** Discovery holds the serialized discovery documents. */
export interface Discovery {
  /** `/api` or `/apis`, aggregated or legacy. */
  root(
    path: '/api' | '/apis',
    aggregated: boolean,
    serverAddress: string,
  ): { body: string; contentType: string };
  /** `/apis/{group}` (APIGroup). */
  group(name: string): string | undefined;
  /** `/api/v1` or `/apis/{group}/{version}` (APIResourceList). */
  resourceList(group: string, version: string): string | undefined;
}

/** createDiscovery builds the documents from `resources`. */
export function createDiscovery(): Discovery {
  const all = groups();
  const core = all.filter((g) => g.group === '');
  const named = all.filter((g) => g.group !== '');
  const agg = (list: GroupVersions[]): string =>
    JSON.stringify({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: list.map(aggregatedGroup),
    });
  const aggApi = agg(core);
  const aggApis = agg(named);
  const groupDoc = (g: GroupVersions): object => {
    const versions = [...g.versions.keys()].map((v) => ({
      groupVersion: `${g.group}/${v}`,
      version: v,
    }));
    return { name: g.group, versions, preferredVersion: versions[0] };
  };
  const legacyApis = JSON.stringify({
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: named.map(groupDoc),
  });
  const lists = new Map<string, string>();
  for (const g of all) {
    for (const [version, list] of g.versions) {
      const items: object[] = [];
      for (const r of list) {
        items.push({
          name: r.resource,
          singularName: r.singular,
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: [...r.verbs],
          ...(r.shortNames.length ? { shortNames: [...r.shortNames] } : {}),
          ...(r.categories.length ? { categories: [...r.categories] } : {}),
        });
        for (const s of r.subresources) {
          items.push({
            name: `${r.resource}/${s.name}`,
            singularName: '',
            namespaced: r.namespaced,
            ...(s.kind.group !== r.group || s.kind.version !== r.version
              ? { group: s.kind.group, version: s.kind.version }
              : {}),
            kind: s.kind.kind,
            verbs: [...s.verbs],
          });
        }
      }
      const gv = groupVersion({ group: g.group, version });
      const doc = g.group
        ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: items }
        : { kind: 'APIResourceList', groupVersion: gv, resources: items };
      lists.set(gv, JSON.stringify(doc));
    }
  }
  return {
    root(path, aggregated, serverAddress) {
      if (aggregated)
        return { body: path === '/api' ? aggApi : aggApis, contentType: AGGREGATED_CONTENT_TYPE };
      if (path === '/api') {
        return {
          body: JSON.stringify({
            kind: 'APIVersions',
            versions: ['v1'],
            serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
          }),
          contentType: 'application/json',
        };
      }
      return { body: legacyApis, contentType: 'application/json' };
    },
    group(name) {
      const g = named.find((x) => x.group === name);
      return g ? JSON.stringify({ kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) }) : undefined;
    },
    resourceList(group, version) {
      return lists.get(groupVersion({ group, version }));
    },
  };
}

/** wantsAggregated reports whether Accept asks for apidiscovery.k8s.io/v2 first-class. */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return (
      params.includes('g=apidiscovery.k8s.io') &&
      params.includes('v=v2') &&
      params.includes('as=APIGroupDiscoveryList')
    );
  });
}
