/**
 * @module Edit (form) of an existing DaemonSet: the form prefilled from the object, and the
 * update built from the form on top of the object, so fields the form does not show (ports,
 * other volume kinds, template annotations such as restartedAt, status…) survive the PUT and
 * the resourceVersion guards against lost updates. Pure, unit-tested from src/console-server.
 */
import type { DaemonSet } from '../../../src/api/apps/v1/types.ts';
import type { Container, PodSpec } from '../../../src/api/core/v1/types.ts';
import {
  affinityForms,
  probeForm,
  tolerationForms,
  type ProbeForm,
} from './daemonset-form-extras.ts';
import {
  formToDaemonSet,
  GpuResource,
  type ContainerForm,
  type DaemonSetForm,
  type KeyValue,
} from './daemonset-form.ts';
import { DescriptionAnnotation } from './format.ts';

const rows = (m: Record<string, string> | undefined, skip: string[] = []): KeyValue[] =>
  Object.entries(m ?? {})
    .filter(([k]) => !skip.includes(k))
    .map(([key, value]) => ({ key, value }));

function hook(h: { exec?: { command?: string[] } } | undefined): string | undefined {
  return h?.exec?.command?.join(' ');
}

function containerForm(c: Container, init: boolean): ContainerForm {
  const q = (m: Record<string, unknown> | undefined, k: string): string | undefined =>
    m?.[k] === undefined ? undefined : String(m[k]);
  const requests = c.resources?.requests as Record<string, unknown> | undefined;
  const limits = c.resources?.limits as Record<string, unknown> | undefined;
  const gpu = q(limits, GpuResource);
  const probe = (p: Container['livenessProbe']): ProbeForm => probeForm(p);
  const out: ContainerForm = {
    init,
    name: c.name,
    image: c.image ?? '',
    pullPolicy: (c.imagePullPolicy ?? '') as NonNullable<ContainerForm['pullPolicy']>,
    privileged: c.securityContext?.privileged === true,
    command: (c.command ?? []).join(' '),
    args: (c.args ?? []).join(' '),
    env: (c.env ?? []).map((e) => ({
      name: e.name,
      value: e.value ?? '',
      ...(e.valueFrom?.fieldRef ? { fieldPath: e.valueFrom.fieldRef.fieldPath } : {}),
    })),
    liveness: probe(c.livenessProbe),
    readiness: probe(c.readinessProbe),
    startup: probe(c.startupProbe),
    postStart: hook(c.lifecycle?.postStart) ?? '',
    preStop: hook(c.lifecycle?.preStop) ?? '',
  };
  const set = (k: 'cpuRequest' | 'cpuLimit' | 'memoryRequest' | 'memoryLimit', v?: string) => {
    if (v !== undefined) out[k] = v;
  };
  set('cpuRequest', q(requests, 'cpu'));
  set('cpuLimit', q(limits, 'cpu'));
  set('memoryRequest', q(requests, 'memory'));
  set('memoryLimit', q(limits, 'memory'));
  if (gpu !== undefined) out.gpu = Number(gpu);
  if (typeof c.securityContext?.runAsUser === 'number') out.runAsUser = c.securityContext.runAsUser;
  return out;
}

function mountsOf(c: Container, spec: PodSpec): NonNullable<ContainerForm['mounts']> {
  return (c.volumeMounts ?? []).flatMap((m) => {
    const v = (spec.volumes ?? []).find((x) => x.name === m.name);
    if (!v?.hostPath) return [];
    return [
      {
        name: m.name,
        hostPath: v.hostPath.path,
        mountPath: m.mountPath,
        ...(m.readOnly ? { readOnly: true } : {}),
      },
    ];
  });
}

/** daemonSetToForm fills the form from an existing DaemonSet. */
export function daemonSetToForm(ds: DaemonSet): DaemonSetForm {
  const spec = ds.spec?.template.spec ?? { containers: [] };
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  const containers = [
    ...(spec.initContainers ?? []).map((c) => ({ c, init: true })),
    ...spec.containers.map((c) => ({ c, init: false })),
  ].map(({ c, init }) => ({ ...containerForm(c, init), mounts: mountsOf(c, spec) }));
  const { nodeAffinity, podAffinity } = affinityForms(spec.affinity);
  const appLabel = ds.metadata.name ?? '';
  return {
    name: ds.metadata.name ?? '',
    namespace: ds.metadata.namespace ?? 'default',
    description: ds.metadata.annotations?.[DescriptionAnnotation] ?? '',
    containers,
    service: { enabled: false, headless: false },
    strategy: ds.spec?.updateStrategy?.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate',
    maxUnavailable: String(ru?.maxUnavailable ?? 1),
    maxSurge: String(ru?.maxSurge ?? 0),
    minReadySeconds: ds.spec?.minReadySeconds ?? 0,
    revisionHistoryLimit: ds.spec?.revisionHistoryLimit ?? 10,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    nodeSelector: rows(spec.nodeSelector),
    // `app: <name>` is the form's own selector label: shown by the preview, not as a row.
    podLabels: rows(
      ds.spec?.template.metadata?.labels,
      ds.spec?.template.metadata?.labels?.['app'] === appLabel ? ['app'] : [],
    ),
    priorityClassName: spec.priorityClassName ?? '',
    imagePullSecrets: (spec.imagePullSecrets ?? []).map((s) => s.name ?? ''),
    nameservers: spec.dnsConfig?.nameservers ?? [],
    searches: spec.dnsConfig?.searches ?? [],
    dnsOptions: (spec.dnsConfig?.options ?? []).map((o) => ({
      name: o.name ?? '',
      value: o.value ?? '',
    })),
    hostAliases: (spec.hostAliases ?? []).map((h) => ({
      ip: h.ip ?? '',
      hostnames: (h.hostnames ?? []).join(' '),
    })),
    tolerations: tolerationForms(spec.tolerations),
    nodeAffinity,
    podAffinity,
    dsLabels: rows(ds.metadata.labels, ds.metadata.labels?.['app'] === appLabel ? ['app'] : []),
    dsAnnotations: rows(ds.metadata.annotations, [DescriptionAnnotation, ...systemAnnotations]),
  };
}

/** Annotations tools and controllers keep on the object: not shown, kept as they are. */
const systemAnnotations = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deprecated.daemonset.template.generation',
];

/** Pod spec fields the form owns: the form's value (or its absence) replaces the object's. */
const formPodFields = [
  'containers',
  'initContainers',
  'nodeSelector',
  'dnsPolicy',
  'priorityClassName',
  'terminationGracePeriodSeconds',
  'imagePullSecrets',
  'dnsConfig',
  'hostAliases',
  'tolerations',
  'affinity',
] as const;

/** Container fields the form owns. */
const formContainerFields = [
  'image',
  'imagePullPolicy',
  'command',
  'args',
  'resources',
  'env',
  'volumeMounts',
  'securityContext',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
] as const;

function mergeContainers(old: readonly Container[] = [], next: readonly Container[] = []) {
  return next.map((c) => {
    const base = { ...(old.find((o) => o.name === c.name) ?? {}) } as Record<string, unknown>;
    for (const k of formContainerFields) delete base[k];
    return { ...base, ...c } as Container;
  });
}

/**
 * updatedDaemonSet is `original` with the form applied: the selector and every field the form
 * does not own are kept; metadata keeps its resourceVersion (a concurrent change → 409).
 */
export function updatedDaemonSet(original: DaemonSet, f: DaemonSetForm): DaemonSet {
  const built = formToDaemonSet({ ...f, name: original.metadata.name ?? '' });
  const oldSpec = original.spec?.template.spec ?? { containers: [] };
  const newSpec = built.spec?.template.spec ?? { containers: [] };
  const podSpec = { ...oldSpec } as Record<string, unknown>;
  for (const k of formPodFields) delete podSpec[k];
  // Volumes other than the form's hostPath ones (configMap, secret…) stay.
  const kept = (oldSpec.volumes ?? []).filter((v) => !v.hostPath);
  const volumes = [...kept, ...(newSpec.volumes ?? [])];
  const template = original.spec?.template;
  return {
    ...original,
    metadata: {
      ...original.metadata,
      labels: withOwnApp(original.metadata.labels, f.dsLabels, original.metadata.name),
      annotations: {
        ...Object.fromEntries(
          Object.entries(original.metadata.annotations ?? {}).filter(([k]) =>
            systemAnnotations.includes(k),
          ),
        ),
        ...built.metadata.annotations,
      },
    },
    spec: {
      ...(original.spec ?? built.spec),
      selector: original.spec?.selector ?? built.spec?.selector ?? {},
      template: {
        metadata: {
          ...template?.metadata,
          labels: {
            ...withOwnApp(template?.metadata?.labels, f.podLabels, original.metadata.name),
            ...selectorLabels(original),
          },
        },
        spec: {
          ...(podSpec as Partial<PodSpec>),
          ...newSpec,
          containers: mergeContainers(oldSpec.containers, newSpec.containers),
          ...(newSpec.initContainers
            ? { initContainers: mergeContainers(oldSpec.initContainers, newSpec.initContainers) }
            : {}),
          ...(volumes.length ? { volumes } : {}),
        } as PodSpec,
      },
      updateStrategy: built.spec?.updateStrategy ?? {},
      ...(built.spec?.minReadySeconds !== undefined
        ? { minReadySeconds: built.spec.minReadySeconds }
        : {}),
      ...(built.spec?.revisionHistoryLimit !== undefined
        ? { revisionHistoryLimit: built.spec.revisionHistoryLimit }
        : {}),
    },
  };
}

/**
 * withOwnApp is the label rows plus the form's own `app: <name>` label, but only when the object
 * had it: an object made elsewhere keeps exactly the labels the user sees.
 */
function withOwnApp(
  had: Record<string, string> | undefined,
  edited: KeyValue[] | undefined,
  name: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (name !== undefined && had?.['app'] === name) out['app'] = name;
  for (const r of edited ?? []) if (r.key?.trim()) out[r.key.trim()] = (r.value ?? '').trim();
  return out;
}

/** selectorLabels keeps the template matching the (immutable) selector whatever the form says. */
function selectorLabels(ds: DaemonSet): Record<string, string> {
  return { ...(ds.spec?.selector.matchLabels ?? {}) };
}
