/**
 * @module core/v1 defaulting, a port of upstream `pkg/apis/core/v1/defaults.go` plus the generated
 * `SetObjectDefaults_*` walk. Functions mutate in place and are idempotent, like upstream.
 */
import { parseQuantity } from '../../meta/quantity.ts';
import type {
  Container,
  ContainerPort,
  Endpoints,
  Namespace,
  Node,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Service,
  Volume,
} from './types.ts';
import type * as k from 'kubernetes-types/core/v1.js';

/** Mode 0644, upstream's default for secret/configMap/downwardAPI/projected files. */
export const defaultFileMode = 420;

/** parseImageTag returns the tag of an image reference ('latest' if it has neither tag nor digest). */
export function parseImageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** canonicalizeResourceList rewrites valid quantities in canonical form, rounded up to milli. */
export function canonicalizeResourceList(list: Record<string, string> | undefined): void {
  if (!list) return;
  for (const [key, value] of Object.entries(list)) {
    try {
      let q = parseQuantity(value);
      if (q.scale < -3) q = parseQuantity(`${q.scaledValue(-3)}m`);
      list[key] = q.toString();
    } catch {
      // Left as is: validation reports it.
    }
  }
}

function setDefaultsProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  setDefaultsHandler(p);
}

function setDefaultsHandler(
  h: { httpGet?: k.HTTPGetAction; grpc?: k.GRPCAction } | undefined,
): void {
  if (h?.httpGet) {
    if (!h.httpGet.path) h.httpGet.path = '/';
    if (!h.httpGet.scheme) h.httpGet.scheme = 'HTTP';
  }
  if (h?.grpc) h.grpc.service ??= '';
}

function setDefaultsContainerPort(p: ContainerPort): void {
  if (!p.protocol) p.protocol = 'TCP';
}

/** setDefaultsContainer is upstream `SetDefaults_Container` plus its generated field walk. */
export function setDefaultsContainer(c: Container | k.EphemeralContainer): void {
  if (!c.imagePullPolicy) {
    c.imagePullPolicy = parseImageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const p of c.ports ?? []) setDefaultsContainerPort(p);
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.fieldRef;
    if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
  }
  // Go always serialises the (non-pointer) resources struct, so upstream objects carry `{}`.
  c.resources ??= {};
  canonicalizeResourceList(c.resources.limits);
  canonicalizeResourceList(c.resources.requests);
  setDefaultsProbe(c.livenessProbe);
  setDefaultsProbe(c.readinessProbe);
  setDefaultsProbe(c.startupProbe);
  setDefaultsHandler(c.lifecycle?.postStart);
  setDefaultsHandler(c.lifecycle?.preStop);
}

const volumeSources = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'image',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
] as const;

/** volumeSourceNames lists the keys of a Volume that name its source. */
export function volumeSourceNames(v: Volume): string[] {
  const rec = v as unknown as Record<string, unknown>;
  return volumeSources.filter((s) => rec[s] !== undefined && rec[s] !== null);
}

function defaultFieldRefs(items: readonly k.DownwardAPIVolumeFile[] | undefined): void {
  for (const item of items ?? []) {
    if (item.fieldRef && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = 'v1';
  }
}

/** setDefaultsVolume is upstream `SetDefaults_Volume` and the per-source defaults. */
export function setDefaultsVolume(v: Volume): void {
  if (volumeSourceNames(v).length === 0) v.emptyDir = {};
  if (v.hostPath) v.hostPath.type ??= '';
  if (v.secret) v.secret.defaultMode ??= defaultFileMode;
  if (v.configMap) v.configMap.defaultMode ??= defaultFileMode;
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= defaultFileMode;
    defaultFieldRefs(v.downwardAPI.items);
  }
  if (v.projected) {
    v.projected.defaultMode ??= defaultFileMode;
    for (const src of v.projected.sources ?? []) {
      defaultFieldRefs(src.downwardAPI?.items);
      if (src.serviceAccountToken) src.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  if (v.emptyDir?.sizeLimit !== undefined) {
    const holder: Record<string, string> = { s: v.emptyDir.sizeLimit };
    canonicalizeResourceList(holder);
    v.emptyDir.sizeLimit = holder['s'] ?? v.emptyDir.sizeLimit;
  }
}

/** setDefaultsPodSpec is upstream `SetDefaults_PodSpec` plus the generated walk over its fields. */
export function setDefaultsPodSpec(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  for (const v of spec.volumes ?? []) setDefaultsVolume(v);
  for (const c of spec.initContainers ?? []) setDefaultsContainer(c);
  for (const c of spec.containers ?? []) setDefaultsContainer(c);
  for (const c of spec.ephemeralContainers ?? []) setDefaultsContainer(c);
  canonicalizeResourceList(spec.overhead);
}

/** setDefaultsPodTemplateSpec defaults a template (no pod-only defaults, like upstream). */
export function setDefaultsPodTemplateSpec(t: PodTemplateSpec): void {
  t.spec ??= { containers: [] };
  setDefaultsPodSpec(t.spec);
}

function requestsFromLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!limits || !c.resources) return;
  c.resources.requests ??= {};
  for (const [key, value] of Object.entries(limits)) {
    if (!(key in c.resources.requests)) c.resources.requests[key] = value;
  }
}

function defaultHostNetworkPorts(containers: Container[] | undefined): void {
  for (const c of containers ?? []) {
    for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
  }
}

/** setDefaultsPod is upstream `SetDefaults_Pod` (pod-only defaults) followed by the spec defaults. */
export function setDefaultsPod(pod: Pod): void {
  pod.spec ??= { containers: [] };
  const spec = pod.spec;
  // Requests default from limits only on pods, never on templates (upstream comment).
  for (const c of spec.containers) requestsFromLimits(c);
  for (const c of spec.initContainers ?? []) requestsFromLimits(c);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    defaultHostNetworkPorts(spec.containers);
    defaultHostNetworkPorts(spec.initContainers);
  }
  setDefaultsPodSpec(spec);
}

/** setDefaultsNode defaults allocatable from capacity (upstream `SetDefaults_NodeStatus`). */
export function setDefaultsNode(node: Node): void {
  const status = node.status;
  if (!status) return;
  const mutable = status as {
    allocatable?: Record<string, string>;
    capacity?: Record<string, string>;
  };
  canonicalizeResourceList(mutable.capacity);
  canonicalizeResourceList(mutable.allocatable);
  if (!mutable.allocatable && mutable.capacity) mutable.allocatable = { ...mutable.capacity };
}

/** setDefaultsNamespace sets the `kubernetes.io/metadata.name` label and phase Active. */
export function setDefaultsNamespace(ns: Namespace): void {
  if (ns.metadata.name) {
    ns.metadata.labels ??= {};
    ns.metadata.labels['kubernetes.io/metadata.name'] = ns.metadata.name;
  }
  const mutable = ns as { status?: { phase?: string } };
  mutable.status ??= {};
  if (!mutable.status.phase) mutable.status.phase = 'Active';
}

/**
 * prepareNamespaceForCreate adds the `kubernetes` finalizer and resets status, like upstream's
 * namespace strategy. It is separate from defaulting because defaults also run on updates, where
 * re-adding the finalizer would make namespaces undeletable.
 */
export function prepareNamespaceForCreate(ns: Namespace): void {
  const mutable = ns as { spec?: { finalizers?: string[] }; status?: { phase?: string } };
  mutable.status = { phase: 'Active' };
  mutable.spec ??= {};
  const finalizers = (mutable.spec.finalizers ??= []);
  if (!finalizers.includes('kubernetes')) finalizers.push('kubernetes');
}

function externallyAccessible(svc: Service): boolean {
  const t = svc.spec?.type;
  return (
    t === 'LoadBalancer' ||
    t === 'NodePort' ||
    (t === 'ClusterIP' && (svc.spec?.externalIPs?.length ?? 0) > 0)
  );
}

/** setDefaultsService is upstream `SetDefaults_Service`. */
export function setDefaultsService(svc: Service): void {
  svc.spec ??= {};
  const spec = svc.spec;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '')
      p.targetPort = p.port;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy)
    spec.externalTrafficPolicy = 'Cluster';
  if (
    spec.internalTrafficPolicy === undefined &&
    ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)
  ) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/** setDefaultsEndpoints defaults port protocols to TCP. */
export function setDefaultsEndpoints(ep: Endpoints): void {
  for (const subset of ep.subsets ?? []) {
    for (const p of subset.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  }
}
