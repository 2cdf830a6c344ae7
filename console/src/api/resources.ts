/** @module URL paths of the resources the console reads and writes, and kind discovery for YAML. */
import { getJson } from './client.ts';

/** ResourceRef names a served resource. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

const ref = (group: string, version: string, plural: string, namespaced: boolean): ResourceRef => ({
  group,
  version,
  plural,
  namespaced,
});

/** The resources the console pages use. */
export const R = {
  daemonsets: ref('apps', 'v1', 'daemonsets', true),
  controllerrevisions: ref('apps', 'v1', 'controllerrevisions', true),
  pods: ref('', 'v1', 'pods', true),
  nodes: ref('', 'v1', 'nodes', false),
  namespaces: ref('', 'v1', 'namespaces', false),
  events: ref('', 'v1', 'events', true),
  services: ref('', 'v1', 'services', true),
} as const;

function groupVersionPath(r: Pick<ResourceRef, 'group' | 'version'>): string {
  return r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
}

/** collectionPath is the list/create URL; no namespace means all namespaces. */
export function collectionPath(r: ResourceRef, namespace?: string): string {
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(r)}${ns}/${r.plural}`;
}

/** objectPath is the URL of one object (or its subresource). */
export function objectPath(
  r: ResourceRef,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  const base = `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${base}/${subresource}` : base;
}

/** withQuery appends query parameters. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

interface APIResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

const discovery = new Map<string, Promise<APIResourceList>>();

/**
 * resolveKind finds the resource of `apiVersion` + `kind` through discovery, as kubectl's REST
 * mapper does, so YAML of any served kind can be created.
 */
export async function resolveKind(apiVersion: string, kind: string): Promise<ResourceRef> {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const path = groupVersionPath({ group, version });
  let list = discovery.get(path);
  if (!list) {
    list = getJson<APIResourceList>(path);
    discovery.set(path, list);
    list.catch(() => discovery.delete(path));
  }
  const found = (await list).resources.find((r) => r.kind === kind && !r.name.includes('/'));
  if (!found) throw new Error(`the server does not serve ${kind} in ${apiVersion}`);
  return ref(group, version, found.name, found.namespaced);
}
