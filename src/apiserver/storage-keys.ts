/** @module Storage key layout: `/registry/<group or core>/<resource>/[<namespace>/]<name>`. */
import type { ResourceInfo } from '../api/scheme.ts';

/** storageResource maps a resource to the key space it is stored in (both Event APIs share one). */
function storageGroup(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  if (info.resource === 'events') return 'core';
  return info.group || 'core';
}

/** resourcePrefix is the key prefix of every object of a resource, ending in `/`. */
export function resourcePrefix(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return `/registry/${storageGroup(info)}/${info.resource}/`;
}

/** namespacePrefix is the key prefix of a resource's objects in one namespace. */
export function namespacePrefix(
  info: Pick<ResourceInfo, 'group' | 'resource'>,
  namespace: string,
): string {
  return `${resourcePrefix(info)}${namespace}/`;
}

/** objectKey is the storage key of one object. */
export function storageKey(
  info: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>,
  namespace: string | undefined,
  name: string,
): string {
  return info.namespaced
    ? `${resourcePrefix(info)}${namespace ?? ''}/${name}`
    : `${resourcePrefix(info)}${name}`;
}
