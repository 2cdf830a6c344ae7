/**
 * @module The "create from image" form's model and its mapping to a DaemonSet (and optional
 * Service) manifest, plus client-side rules that mirror the API's (DNS label name, description
 * length, int-or-percent, maxUnavailable/maxSurge not both zero). Pure: unit-tested from src/.
 */
import type { DaemonSet } from '../../../src/api/apps/v1/types.ts';
import type { Container, EnvVar, Service, Volume } from '../../../src/api/core/v1/types.ts';
import { DescriptionAnnotation } from './format.ts';
import {
  affinityOf,
  dnsConfigOf,
  hostAliasesOf,
  lifecycleOf,
  probeOf,
  tolerationsOf,
  type HostAliasForm,
  type NodeAffinityForm,
  type PodAffinityForm,
  type ProbeForm,
  type TolerationForm,
} from './daemonset-form-extras.ts';

/** GpuResource is the extended resource a GPU count is requested as. */
export const GpuResource = 'nvidia.com/gpu';

/** KeyValue is one row of a key/value editor. */
export interface KeyValue {
  key?: string;
  value?: string;
}

/** ContainerForm is one container of the form. */
export interface ContainerForm {
  init?: boolean;
  name?: string;
  image?: string;
  pullPolicy?: '' | 'Always' | 'IfNotPresent' | 'Never';
  privileged?: boolean;
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
  command?: string;
  args?: string;
  env?: { name?: string; value?: string; fieldPath?: string }[];
  mounts?: { name?: string; hostPath?: string; mountPath?: string; readOnly?: boolean }[];
  runAsUser?: number | null;
  /** GPU count: a limit (and so a request) of the `nvidia.com/gpu` extended resource. */
  gpu?: number | null;
  liveness?: ProbeForm;
  readiness?: ProbeForm;
  startup?: ProbeForm;
  postStart?: string;
  preStop?: string;
}

/** DaemonSetForm is every field of the four steps. */
export interface DaemonSetForm {
  name?: string;
  namespace?: string;
  description?: string;
  containers?: ContainerForm[];
  service?: {
    enabled?: boolean;
    headless?: boolean;
    port?: number | null;
    targetPort?: number | null;
  };
  strategy?: 'RollingUpdate' | 'OnDelete';
  maxUnavailable?: string;
  maxSurge?: string;
  minReadySeconds?: number | null;
  revisionHistoryLimit?: number | null;
  terminationGracePeriodSeconds?: number | null;
  dnsPolicy?: string;
  nodeSelector?: KeyValue[];
  podLabels?: KeyValue[];
  priorityClassName?: string;
  imagePullSecrets?: string[];
  nameservers?: string[];
  searches?: string[];
  dnsOptions?: { name?: string; value?: string }[];
  hostAliases?: HostAliasForm[];
  tolerations?: TolerationForm[];
  nodeAffinity?: NodeAffinityForm[];
  podAffinity?: PodAffinityForm[];
  dsLabels?: KeyValue[];
  dsAnnotations?: KeyValue[];
}

/** defaultForm is the form as it opens (Kubernetes' DaemonSet defaults, not Deployment's). */
export const defaultForm: DaemonSetForm = {
  namespace: 'default',
  containers: [{ name: 'main', image: '', pullPolicy: 'IfNotPresent' }],
  service: { enabled: false, headless: false },
  strategy: 'RollingUpdate',
  maxUnavailable: '1',
  maxSurge: '0',
  minReadySeconds: 0,
  revisionHistoryLimit: 10,
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
};

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** nameError is the i18n key of what is wrong with a name, if anything (DNS-1123 label, ≤ 63). */
export function nameError(name: string | undefined): string | undefined {
  if (!name) return 'form.nameInvalid';
  if (name.length > 63) return 'form.nameTooLong';
  return dnsLabel.test(name) ? undefined : 'form.nameInvalid';
}

/** isIntOrPercent accepts `3` or `25%`. */
export function isIntOrPercent(v: string | undefined): boolean {
  return v !== undefined && /^(\d+|\d+%)$/.test(v.trim());
}

/** bothZero is the DaemonSet rule: maxUnavailable and maxSurge may not both be 0 (or 0%). */
export function bothZero(
  maxUnavailable: string | undefined,
  maxSurge: string | undefined,
): boolean {
  const zero = (v: string | undefined): boolean => /^0%?$/.test((v ?? '').trim());
  return zero(maxUnavailable) && zero(maxSurge);
}

function intOrString(v: string): number | string {
  return /^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim();
}

function words(s: string | undefined): string[] {
  return (s ?? '').split(/\s+/).filter((w) => w !== '');
}

function map(rows: KeyValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows ?? []) if (r.key?.trim()) out[r.key.trim()] = (r.value ?? '').trim();
  return out;
}

function container(c: ContainerForm): Container {
  const out: Container = { name: c.name ?? '', image: c.image ?? '' };
  if (c.pullPolicy) out.imagePullPolicy = c.pullPolicy;
  if (words(c.command).length) out.command = words(c.command);
  if (words(c.args).length) out.args = words(c.args);
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (c.cpuRequest) requests['cpu'] = c.cpuRequest;
  if (c.memoryRequest) requests['memory'] = c.memoryRequest;
  if (c.cpuLimit) limits['cpu'] = c.cpuLimit;
  if (c.memoryLimit) limits['memory'] = c.memoryLimit;
  if (typeof c.gpu === 'number' && c.gpu > 0) limits[GpuResource] = String(c.gpu);
  if (Object.keys(requests).length || Object.keys(limits).length) {
    out.resources = {
      ...(Object.keys(requests).length ? { requests } : {}),
      ...(Object.keys(limits).length ? { limits } : {}),
    };
  }
  const env: EnvVar[] = (c.env ?? [])
    .filter((e) => e.name)
    .map((e) =>
      e.fieldPath
        ? { name: e.name ?? '', valueFrom: { fieldRef: { fieldPath: e.fieldPath } } }
        : { name: e.name ?? '', value: e.value ?? '' },
    );
  if (env.length) out.env = env;
  const mounts = (c.mounts ?? []).filter((m) => m.name && m.mountPath);
  if (mounts.length) {
    out.volumeMounts = mounts.map((m) => ({
      name: m.name ?? '',
      mountPath: m.mountPath ?? '',
      ...(m.readOnly ? { readOnly: true } : {}),
    }));
  }
  const probes = {
    livenessProbe: probeOf(c.liveness),
    readinessProbe: probeOf(c.readiness),
    startupProbe: probeOf(c.startup),
  };
  for (const [k, v] of Object.entries(probes)) if (v) out[k as keyof typeof probes] = v;
  const lifecycle = lifecycleOf(c.postStart, c.preStop);
  if (lifecycle) out.lifecycle = lifecycle;
  if (c.privileged || (c.runAsUser !== undefined && c.runAsUser !== null)) {
    out.securityContext = {
      ...(c.privileged ? { privileged: true } : {}),
      ...(c.runAsUser !== undefined && c.runAsUser !== null ? { runAsUser: c.runAsUser } : {}),
    };
  }
  return out;
}

/** formToDaemonSet builds the DaemonSet; the selector is `app: <name>` plus nothing else. */
export function formToDaemonSet(f: DaemonSetForm): DaemonSet {
  const name = f.name ?? '';
  const labels = { app: name, ...map(f.podLabels) };
  const containers = f.containers ?? [];
  const volumes: Volume[] = [];
  for (const c of containers) {
    for (const m of c.mounts ?? []) {
      if (m.name && m.hostPath && !volumes.some((v) => v.name === m.name)) {
        volumes.push({ name: m.name, hostPath: { path: m.hostPath } });
      }
    }
  }
  const nodeSelector = map(f.nodeSelector);
  const rolling = (f.strategy ?? 'RollingUpdate') === 'RollingUpdate';
  const annotations = {
    ...map(f.dsAnnotations),
    ...(f.description ? { [DescriptionAnnotation]: f.description } : {}),
  };
  const secrets = (f.imagePullSecrets ?? []).filter((n) => n.trim());
  const tolerations = tolerationsOf(f.tolerations);
  const affinity = affinityOf(f.nodeAffinity, f.podAffinity);
  const dnsConfig = dnsConfigOf(f.nameservers, f.searches, f.dnsOptions);
  const hostAliases = hostAliasesOf(f.hostAliases);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name,
      namespace: f.namespace || 'default',
      labels: { app: name, ...map(f.dsLabels) },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: {
          containers: containers.filter((c) => !c.init).map(container),
          ...(containers.some((c) => c.init)
            ? { initContainers: containers.filter((c) => c.init).map(container) }
            : {}),
          ...(volumes.length ? { volumes } : {}),
          ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
          ...(f.dnsPolicy ? { dnsPolicy: f.dnsPolicy } : {}),
          ...(f.priorityClassName ? { priorityClassName: f.priorityClassName } : {}),
          ...(secrets.length ? { imagePullSecrets: secrets.map((n) => ({ name: n.trim() })) } : {}),
          ...(dnsConfig ? { dnsConfig } : {}),
          ...(hostAliases ? { hostAliases } : {}),
          ...(tolerations.length ? { tolerations } : {}),
          ...(affinity ? { affinity } : {}),
          ...(typeof f.terminationGracePeriodSeconds === 'number'
            ? { terminationGracePeriodSeconds: f.terminationGracePeriodSeconds }
            : {}),
        },
      },
      updateStrategy: rolling
        ? {
            type: 'RollingUpdate',
            rollingUpdate: {
              maxUnavailable: intOrString(f.maxUnavailable ?? '1'),
              maxSurge: intOrString(f.maxSurge ?? '0'),
            },
          }
        : { type: 'OnDelete' },
      ...(typeof f.minReadySeconds === 'number' ? { minReadySeconds: f.minReadySeconds } : {}),
      ...(typeof f.revisionHistoryLimit === 'number'
        ? { revisionHistoryLimit: f.revisionHistoryLimit }
        : {}),
    },
  };
}

/** formToService builds the optional Service beside the DaemonSet. */
export function formToService(f: DaemonSetForm): Service | undefined {
  if (!f.service?.enabled) return undefined;
  const port = f.service.port ?? 80;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: f.name ?? '', namespace: f.namespace || 'default' },
    spec: {
      selector: { app: f.name ?? '' },
      ...(f.service.headless ? { clusterIP: 'None' } : {}),
      ports: [{ port, targetPort: f.service.targetPort ?? port }],
    },
  };
}

/**
 * formFieldOf maps a Status cause's field path of the DaemonSet to the form field showing it,
 * e.g. `spec.template.spec.containers[0].image` → `['containers', 0, 'image']`.
 */
export function formFieldOf(path: string, f: DaemonSetForm): (string | number)[] | undefined {
  if (path === 'metadata.name') return ['name'];
  if (path.startsWith(`metadata.annotations[${DescriptionAnnotation}]`)) return ['description'];
  const meta = metadataFieldOf(path, f);
  if (meta) return meta;
  const pod = podFieldOf(path, f);
  if (pod) return pod;
  if (path.includes('rollingUpdate.maxUnavailable')) return ['maxUnavailable'];
  if (path.includes('rollingUpdate.maxSurge')) return ['maxSurge'];
  if (path.endsWith('spec.minReadySeconds')) return ['minReadySeconds'];
  if (path.endsWith('spec.revisionHistoryLimit')) return ['revisionHistoryLimit'];
  const m = /spec\.template\.spec\.(initContainers|containers)\[(\d+)\]\.(.*)$/.exec(path);
  if (m) {
    const init = m[1] === 'initContainers';
    const nth = Number(m[2]);
    const all = f.containers ?? [];
    const index = all.map((c, i) => ({ c, i })).filter((x) => (x.c.init === true) === init)[nth]?.i;
    if (index === undefined) return undefined;
    const field = containerFieldOf(m[3] ?? '');
    // A health check's errors show on its type selector.
    const probe = field === 'liveness' || field === 'readiness' || field === 'startup';
    return ['containers', index, field, ...(probe ? ['type'] : [])];
  }
  return undefined;
}

/** Form rows of the advanced step: form list → (first input, API field → input). */
const rowLists: Record<string, { first: string; fields: Record<string, string> }> = {
  hostAliases: { first: 'ip', fields: { ip: 'ip', hostnames: 'hostnames' } },
  tolerations: {
    first: 'key',
    fields: {
      key: 'key',
      operator: 'operator',
      value: 'value',
      effect: 'effect',
      tolerationSeconds: 'tolerationSeconds',
    },
  },
  dnsOptions: { first: 'name', fields: { name: 'name', value: 'value' } },
  nodeAffinity: { first: 'key', fields: { key: 'key', operator: 'operator', values: 'values' } },
  podAffinity: { first: 'topologyKey', fields: { topologyKey: 'topologyKey', weight: 'weight' } },
};

/** rowField is the cell of a row list an API path points at (the row's first input if unsure). */
function rowField(list: string, rest: string): (string | number)[] {
  const spec = rowLists[list];
  const index = Number(/\[(\d+)\]/.exec(rest)?.[1] ?? 0);
  const names = [...rest.matchAll(/\.(\w+)/g)].map((m) => m[1] ?? '');
  const field = names.reverse().find((n) => spec?.fields[n] !== undefined);
  return [list, index, (field && spec?.fields[field]) ?? spec?.first ?? 'key'];
}

/** podFieldOf maps the pod-level fields of the advanced step. */
function podFieldOf(path: string, f: DaemonSetForm): (string | number)[] | undefined {
  const rest = /^spec\.template\.spec\.(.*)$/.exec(path)?.[1];
  if (rest === undefined) return undefined;
  if (rest.startsWith('dnsConfig.nameservers')) return ['nameservers'];
  if (rest.startsWith('dnsConfig.searches')) return ['searches'];
  if (rest.startsWith('dnsConfig.options')) return rowField('dnsOptions', rest.slice(17));
  if (rest.startsWith('imagePullSecrets')) return ['imagePullSecrets'];
  if (rest.startsWith('hostAliases')) return rowField('hostAliases', rest.slice(11));
  if (rest.startsWith('tolerations')) return rowField('tolerations', rest.slice(11));
  if (rest.startsWith('affinity.nodeAffinity')) {
    // Required expressions come first in the form, preferred ones after them.
    const required = (f.nodeAffinity ?? []).filter((r) => r.key && r.required !== false).length;
    const cell = rowField('nodeAffinity', rest.replace(/^.*matchExpressions/, ''));
    if (rest.includes('preferred')) {
      const nth = Number(
        /preferredDuringSchedulingIgnoredDuringExecution\[(\d+)\]/.exec(rest)?.[1] ?? 0,
      );
      return ['nodeAffinity', required + nth, cell[2] ?? 'key'];
    }
    return cell;
  }
  if (rest.startsWith('affinity.pod')) return rowField('podAffinity', rest.replace(/^[^[]*/, ''));
  if (rest === 'dnsPolicy') return ['dnsPolicy'];
  if (rest === 'priorityClassName') return ['priorityClassName'];
  if (rest === 'terminationGracePeriodSeconds') return ['terminationGracePeriodSeconds'];
  return undefined;
}

/** metadataFieldOf maps metadata.labels[k] / annotations[k] to the key cell of that row. */
function metadataFieldOf(path: string, f: DaemonSetForm): (string | number)[] | undefined {
  const m = /^metadata\.(labels|annotations)(?:\[(.*)\])?/.exec(path);
  if (!m) return undefined;
  const list = m[1] === 'labels' ? 'dsLabels' : 'dsAnnotations';
  const rows = (m[1] === 'labels' ? f.dsLabels : f.dsAnnotations) ?? [];
  const index = rows.findIndex((r) => r.key?.trim() === m[2]);
  return [list, Math.max(index, 0), 'key'];
}

/** containerFieldOf maps the rest of a container field path to the form field. */
function containerFieldOf(rest: string): keyof ContainerForm {
  const resources: Record<string, keyof ContainerForm> = {
    'resources.requests[cpu]': 'cpuRequest',
    'resources.limits[cpu]': 'cpuLimit',
    'resources.requests[memory]': 'memoryRequest',
    'resources.limits[memory]': 'memoryLimit',
  };
  for (const [prefix, field] of Object.entries(resources))
    if (rest.startsWith(prefix)) return field;
  if (rest.includes(GpuResource)) return 'gpu';
  if (rest.startsWith('livenessProbe')) return 'liveness';
  if (rest.startsWith('readinessProbe')) return 'readiness';
  if (rest.startsWith('startupProbe')) return 'startup';
  if (rest.startsWith('lifecycle.postStart')) return 'postStart';
  if (rest.startsWith('lifecycle.preStop')) return 'preStop';
  if (rest.startsWith('resources.limits')) return 'cpuLimit';
  if (rest.startsWith('resources')) return 'cpuRequest';
  if (rest === 'name') return 'name';
  if (rest === 'imagePullPolicy') return 'pullPolicy';
  return 'image';
}
