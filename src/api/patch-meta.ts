/** @module Strategic-merge and list-type metadata of the served kinds, transcribed from upstream Go struct tags. */

/** PatchStrategy is the `patchStrategy` struct tag (`x-kubernetes-patch-strategy`). */
export const PatchStrategy = {
  Merge: 'merge',
  Replace: 'replace',
  RetainKeys: 'retainKeys',
  MergeRetainKeys: 'merge,retainKeys',
} as const;
/** PatchStrategy is one of the patch strategies upstream uses. */
export type PatchStrategy = (typeof PatchStrategy)[keyof typeof PatchStrategy];

/** ListType is `+listType` (`x-kubernetes-list-type`), used by server-side apply. */
export const ListType = { Atomic: 'atomic', Set: 'set', Map: 'map' } as const;
/** ListType is one of atomic, set, map. */
export type ListType = (typeof ListType)[keyof typeof ListType];

/** MapType is `+mapType`/`+structType` (`x-kubernetes-map-type`); atomic maps are owned as a whole. */
export const MapType = { Atomic: 'atomic', Granular: 'granular' } as const;
/** MapType is atomic or granular. */
export type MapType = (typeof MapType)[keyof typeof MapType];

/** FieldPatchMeta is the patch metadata of one field. Fields not listed have no special strategy. */
export interface FieldPatchMeta {
  patchStrategy?: PatchStrategy;
  patchMergeKey?: string;
  listType?: ListType;
  listMapKeys?: readonly string[];
  /** For maps and structs: atomic means apply replaces and owns the value as a whole. */
  mapType?: MapType;
  /** Metadata of the value: the struct itself, or each element of a list. */
  elem?: PatchMeta;
}

/** PatchMeta describes the fields of one struct that carry patch metadata. */
export interface PatchMeta {
  fields: Readonly<Record<string, FieldPatchMeta>>;
}

function struct(fields: Record<string, FieldPatchMeta>): PatchMeta {
  return { fields };
}
/** A list merged by one key in SMP and keyed by `keys` (default: the merge key) in apply. */
function mergeList(key: string, elem?: PatchMeta, keys: readonly string[] = [key]): FieldPatchMeta {
  return {
    patchStrategy: PatchStrategy.Merge,
    patchMergeKey: key,
    listType: ListType.Map,
    listMapKeys: keys,
    ...(elem ? { elem } : {}),
  };
}
const atomicList = (elem?: PatchMeta): FieldPatchMeta => ({
  listType: ListType.Atomic,
  ...(elem ? { elem } : {}),
});
const atomicMap: FieldPatchMeta = { mapType: MapType.Atomic };
const nested = (elem: PatchMeta): FieldPatchMeta => ({ elem });
const conditions = mergeList('type');

const ownerReference = struct({});
/** objectMeta is metav1.ObjectMeta. */
export const objectMeta: PatchMeta = struct({
  ownerReferences: mergeList('uid', ownerReference),
  finalizers: { patchStrategy: PatchStrategy.Merge, listType: ListType.Set },
  managedFields: atomicList(),
});

const labelSelector = struct({
  matchExpressions: atomicList(struct({ values: atomicList() })),
});
const labelSelectorField: FieldPatchMeta = { mapType: MapType.Atomic, elem: labelSelector };
const nodeSelectorTerm = struct({
  matchExpressions: atomicList(struct({ values: atomicList() })),
  matchFields: atomicList(struct({ values: atomicList() })),
});
const podAffinityTerm = struct({
  labelSelector: labelSelectorField,
  namespaceSelector: labelSelectorField,
  namespaces: atomicList(),
  matchLabelKeys: atomicList(),
  mismatchLabelKeys: atomicList(),
});
const podAffinity = struct({
  requiredDuringSchedulingIgnoredDuringExecution: atomicList(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: atomicList(
    struct({ podAffinityTerm: nested(podAffinityTerm) }),
  ),
});
const affinity = struct({
  nodeAffinity: nested(
    struct({
      requiredDuringSchedulingIgnoredDuringExecution: {
        mapType: MapType.Atomic,
        elem: struct({ nodeSelectorTerms: atomicList(nodeSelectorTerm) }),
      },
      preferredDuringSchedulingIgnoredDuringExecution: atomicList(
        struct({ preference: nested(nodeSelectorTerm) }),
      ),
    }),
  ),
  podAffinity: nested(podAffinity),
  podAntiAffinity: nested(podAffinity),
});

const execAction = struct({ command: atomicList() });
const httpGet = struct({ httpHeaders: atomicList() });
const handler = struct({ exec: nested(execAction), httpGet: nested(httpGet) });
const probe = handler;
const container = struct({
  command: atomicList(),
  args: atomicList(),
  ports: mergeList('containerPort', undefined, ['containerPort', 'protocol']),
  envFrom: atomicList(),
  env: mergeList('name'),
  resources: nested(struct({ claims: mergeList('name') })),
  resizePolicy: atomicList(),
  volumeMounts: mergeList('mountPath'),
  volumeDevices: mergeList('devicePath'),
  livenessProbe: nested(probe),
  readinessProbe: nested(probe),
  startupProbe: nested(probe),
  lifecycle: nested(struct({ postStart: nested(handler), preStop: nested(handler) })),
  securityContext: nested(
    struct({ capabilities: nested(struct({ add: atomicList(), drop: atomicList() })) }),
  ),
});
const keyToPathItems = struct({ items: atomicList() });
const volume = struct({
  configMap: nested(keyToPathItems),
  secret: nested(keyToPathItems),
  downwardAPI: nested(keyToPathItems),
  projected: nested(struct({ sources: atomicList() })),
});
/** podSpec is core/v1 PodSpec. */
export const podSpec: PatchMeta = struct({
  volumes: { ...mergeList('name', volume), patchStrategy: PatchStrategy.MergeRetainKeys },
  initContainers: mergeList('name', container),
  containers: mergeList('name', container),
  ephemeralContainers: mergeList('name', container),
  nodeSelector: atomicMap,
  imagePullSecrets: mergeList('name'),
  affinity: nested(affinity),
  tolerations: atomicList(),
  hostAliases: mergeList('ip', struct({ hostnames: atomicList() })),
  dnsConfig: nested(
    struct({ nameservers: atomicList(), searches: atomicList(), options: atomicList() }),
  ),
  readinessGates: atomicList(),
  topologySpreadConstraints: mergeList(
    'topologyKey',
    struct({ labelSelector: labelSelectorField, matchLabelKeys: atomicList() }),
    ['topologyKey', 'whenUnsatisfiable'],
  ),
  schedulingGates: mergeList('name'),
  resourceClaims: { ...mergeList('name'), patchStrategy: PatchStrategy.MergeRetainKeys },
  securityContext: nested(struct({ supplementalGroups: atomicList(), sysctls: atomicList() })),
});
const podStatus = struct({
  conditions,
  podIPs: mergeList('ip'),
  hostIPs: { patchStrategy: PatchStrategy.Merge, patchMergeKey: 'ip', listType: ListType.Atomic },
  initContainerStatuses: atomicList(),
  containerStatuses: atomicList(),
  ephemeralContainerStatuses: atomicList(),
  resourceClaimStatuses: { ...mergeList('name'), patchStrategy: PatchStrategy.MergeRetainKeys },
});
/** podTemplateSpec is core/v1 PodTemplateSpec. */
export const podTemplateSpec: PatchMeta = struct({
  metadata: nested(objectMeta),
  spec: nested(podSpec),
});

function kind(fields: Record<string, FieldPatchMeta>): PatchMeta {
  return struct({ metadata: nested(objectMeta), ...fields });
}

const pod = kind({ spec: nested(podSpec), status: nested(podStatus) });
const daemonSet = kind({
  spec: nested(struct({ selector: labelSelectorField, template: nested(podTemplateSpec) })),
  status: nested(struct({ conditions })),
});
const node = kind({
  spec: nested(
    struct({
      podCIDRs: { patchStrategy: PatchStrategy.Merge, listType: ListType.Set },
      taints: atomicList(),
    }),
  ),
  status: nested(
    struct({
      conditions,
      addresses: mergeList('type'),
      images: atomicList(struct({ names: atomicList() })),
      volumesInUse: atomicList(),
      volumesAttached: atomicList(),
    }),
  ),
});
const namespace = kind({
  spec: nested(struct({ finalizers: atomicList() })),
  status: nested(struct({ conditions })),
});
const service = kind({
  spec: nested(
    struct({
      ports: mergeList('port', undefined, ['port', 'protocol']),
      selector: atomicMap,
      clusterIPs: atomicList(),
      externalIPs: atomicList(),
      ipFamilies: atomicList(),
      loadBalancerSourceRanges: atomicList(),
    }),
  ),
  status: nested(
    struct({
      conditions,
      loadBalancer: nested(struct({ ingress: atomicList(struct({ ports: atomicList() })) })),
    }),
  ),
});
const endpoints = kind({
  subsets: atomicList(
    struct({ addresses: atomicList(), notReadyAddresses: atomicList(), ports: atomicList() }),
  ),
});
const plain = kind({});

const byKind: ReadonlyMap<string, PatchMeta> = new Map([
  ['v1/Pod', pod],
  ['v1/Node', node],
  ['v1/Namespace', namespace],
  ['v1/Service', service],
  ['v1/Endpoints', endpoints],
  ['v1/ConfigMap', plain],
  ['v1/Event', plain],
  ['apps/v1/DaemonSet', daemonSet],
  ['apps/v1/ControllerRevision', plain],
  ['scheduling.k8s.io/v1/PriorityClass', plain],
  ['coordination.k8s.io/v1/Lease', plain],
  ['events.k8s.io/v1/Event', plain],
]);

/**
 * patchMetaFor returns the patch metadata of a served kind.
 * @returns undefined for kinds we have no metadata for (they are patched like JSON merge patch).
 */
export function patchMetaFor(apiVersion: string, kindName: string): PatchMeta | undefined {
  return byKind.get(`${apiVersion}/${kindName}`);
}

/** fieldPatchMeta looks up one field of a struct's metadata, if any. */
export function fieldPatchMeta(
  meta: PatchMeta | undefined,
  field: string,
): FieldPatchMeta | undefined {
  if (!meta || !Object.hasOwn(meta.fields, field)) return undefined;
  return meta.fields[field];
}
