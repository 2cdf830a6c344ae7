/**
 * @module The form's health checks, lifecycle hooks, DNS, host aliases, tolerations and
 * (anti-)affinity, both ways: form rows → pod spec fields and pod spec fields → form rows (for
 * Edit). Pure, unit-tested from src/console-server.
 */
import type {
  Affinity,
  Container,
  PodAffinityTerm,
  PodSpec,
  Probe,
  Toleration,
} from '../../../src/api/core/v1/types.ts';

/** ProbeForm is one health check: an HTTP GET, a TCP connect or a command. */
export interface ProbeForm {
  type?: '' | 'http' | 'tcp' | 'exec';
  path?: string;
  port?: number | null;
  command?: string;
  initialDelaySeconds?: number | null;
  periodSeconds?: number | null;
  failureThreshold?: number | null;
}

/** TolerationForm is one user toleration row. */
export interface TolerationForm {
  key?: string;
  operator?: 'Equal' | 'Exists';
  value?: string;
  effect?: '' | 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number | null;
}

/** NodeAffinityForm is one node selector requirement; `weight` set makes it preferred. */
export interface NodeAffinityForm {
  required?: boolean;
  weight?: number | null;
  key?: string;
  operator?: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string;
}

/** PodAffinityForm is one pod (anti-)affinity term on a label of other pods. */
export interface PodAffinityForm {
  anti?: boolean;
  required?: boolean;
  weight?: number | null;
  labelKey?: string;
  labelValue?: string;
  topologyKey?: string;
}

/** HostAliasForm is one /etc/hosts entry. */
export interface HostAliasForm {
  ip?: string;
  hostnames?: string;
}

const words = (s: string | undefined): string[] => (s ?? '').split(/[\s,]+/).filter((w) => w);
const num = (n: number | null | undefined): n is number => typeof n === 'number';

/** probeOf builds a Probe (undefined when no type is chosen). */
export function probeOf(p: ProbeForm | undefined): Probe | undefined {
  if (!p?.type) return undefined;
  const handler: Probe =
    p.type === 'http'
      ? { httpGet: { path: p.path || '/', port: p.port ?? 80 } }
      : p.type === 'tcp'
        ? { tcpSocket: { port: p.port ?? 80 } }
        : { exec: { command: words(p.command) } };
  return {
    ...handler,
    ...(num(p.initialDelaySeconds) ? { initialDelaySeconds: p.initialDelaySeconds } : {}),
    ...(num(p.periodSeconds) ? { periodSeconds: p.periodSeconds } : {}),
    ...(num(p.failureThreshold) ? { failureThreshold: p.failureThreshold } : {}),
  };
}

/** probeForm is the form of a Probe. */
export function probeForm(p: Probe | undefined): ProbeForm {
  if (!p) return { type: '' };
  const port = p.httpGet?.port ?? p.tcpSocket?.port;
  return {
    type: p.httpGet ? 'http' : p.tcpSocket ? 'tcp' : p.exec ? 'exec' : '',
    ...(p.httpGet?.path ? { path: p.httpGet.path } : {}),
    ...(typeof port === 'number' ? { port } : {}),
    ...(p.exec?.command ? { command: p.exec.command.join(' ') } : {}),
    ...(num(p.initialDelaySeconds) ? { initialDelaySeconds: p.initialDelaySeconds } : {}),
    ...(num(p.periodSeconds) ? { periodSeconds: p.periodSeconds } : {}),
    ...(num(p.failureThreshold) ? { failureThreshold: p.failureThreshold } : {}),
  };
}

/** lifecycleOf builds postStart/preStop exec hooks from command lines. */
export function lifecycleOf(postStart?: string, preStop?: string): Container['lifecycle'] {
  const hook = (s: string | undefined) =>
    words(s).length ? { exec: { command: words(s) } } : undefined;
  const ps = hook(postStart);
  const pre = hook(preStop);
  if (!ps && !pre) return undefined;
  return { ...(ps ? { postStart: ps } : {}), ...(pre ? { preStop: pre } : {}) };
}

/** tolerationsOf builds the user's tolerations. */
export function tolerationsOf(rows: TolerationForm[] | undefined): Toleration[] {
  return (rows ?? [])
    .filter((r) => r.key || r.operator === 'Exists')
    .map((r) => ({
      ...(r.key ? { key: r.key } : {}),
      operator: r.operator ?? 'Equal',
      ...(r.operator !== 'Exists' && r.value ? { value: r.value } : {}),
      ...(r.effect ? { effect: r.effect } : {}),
      ...(num(r.tolerationSeconds) ? { tolerationSeconds: r.tolerationSeconds } : {}),
    }));
}

/** tolerationForms are the rows of tolerations. */
export function tolerationForms(list: readonly Toleration[] | undefined): TolerationForm[] {
  return (list ?? []).map((t) => ({
    key: t.key ?? '',
    operator: t.operator === 'Exists' ? 'Exists' : 'Equal',
    value: t.value ?? '',
    effect: (t.effect ?? '') as NonNullable<TolerationForm['effect']>,
    ...(num(t.tolerationSeconds) ? { tolerationSeconds: t.tolerationSeconds } : {}),
  }));
}

function requirement(r: NodeAffinityForm) {
  const values = words(r.values);
  return {
    key: r.key ?? '',
    operator: r.operator ?? 'In',
    ...(r.operator === 'Exists' || r.operator === 'DoesNotExist' ? {} : { values }),
  };
}

function podTerm(r: PodAffinityForm): PodAffinityTerm {
  return {
    labelSelector: { matchLabels: { [r.labelKey ?? '']: r.labelValue ?? '' } },
    topologyKey: r.topologyKey ?? '',
  };
}

/** affinityOf builds spec.affinity: required node terms are ANDed in one term, as in the form. */
export function affinityOf(
  nodeRows: NodeAffinityForm[] | undefined,
  podRows: PodAffinityForm[] | undefined,
): Affinity | undefined {
  const nodes = (nodeRows ?? []).filter((r) => r.key);
  const pods = (podRows ?? []).filter((r) => r.labelKey);
  const out: Affinity = {};
  const required = nodes.filter((r) => r.required !== false).map(requirement);
  const preferred = nodes
    .filter((r) => r.required === false)
    .map((r) => ({ weight: r.weight ?? 1, preference: { matchExpressions: [requirement(r)] } }));
  if (required.length || preferred.length) {
    out.nodeAffinity = {
      ...(required.length
        ? {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: required }],
            },
          }
        : {}),
      ...(preferred.length ? { preferredDuringSchedulingIgnoredDuringExecution: preferred } : {}),
    };
  }
  for (const anti of [false, true]) {
    const rows = pods.filter((r) => (r.anti === true) === anti);
    if (!rows.length) continue;
    const req = rows.filter((r) => r.required !== false).map(podTerm);
    const pref = rows
      .filter((r) => r.required === false)
      .map((r) => ({ weight: r.weight ?? 1, podAffinityTerm: podTerm(r) }));
    const terms = {
      ...(req.length ? { requiredDuringSchedulingIgnoredDuringExecution: req } : {}),
      ...(pref.length ? { preferredDuringSchedulingIgnoredDuringExecution: pref } : {}),
    };
    if (anti) out.podAntiAffinity = terms;
    else out.podAffinity = terms;
  }
  return Object.keys(out).length ? out : undefined;
}

/** affinityForms are the form rows of spec.affinity (the first node selector term only). */
export function affinityForms(a: Affinity | undefined): {
  nodeAffinity: NodeAffinityForm[];
  podAffinity: PodAffinityForm[];
} {
  const na = a?.nodeAffinity;
  const term = na?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0];
  const nodeAffinity: NodeAffinityForm[] = [
    ...(term?.matchExpressions ?? []).map((e) => ({
      required: true,
      key: e.key,
      operator: e.operator as NonNullable<NodeAffinityForm['operator']>,
      values: (e.values ?? []).join(' '),
    })),
    ...(na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).flatMap((p) =>
      (p.preference.matchExpressions ?? []).map((e) => ({
        required: false,
        weight: p.weight,
        key: e.key,
        operator: e.operator as NonNullable<NodeAffinityForm['operator']>,
        values: (e.values ?? []).join(' '),
      })),
    ),
  ];
  const podRow = (anti: boolean, t: PodAffinityTerm, weight?: number): PodAffinityForm => {
    const [labelKey, labelValue] = Object.entries(t.labelSelector?.matchLabels ?? {})[0] ?? [];
    return {
      anti,
      required: weight === undefined,
      ...(weight !== undefined ? { weight } : {}),
      labelKey: labelKey ?? '',
      labelValue: labelValue ?? '',
      topologyKey: t.topologyKey,
    };
  };
  const podAffinity: PodAffinityForm[] = [];
  for (const anti of [false, true]) {
    const src = anti ? a?.podAntiAffinity : a?.podAffinity;
    for (const t of src?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
      podAffinity.push(podRow(anti, t));
    for (const w of src?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      podAffinity.push(podRow(anti, w.podAffinityTerm, w.weight));
  }
  return { nodeAffinity, podAffinity };
}

/** dnsConfigOf builds spec.dnsConfig. */
export function dnsConfigOf(
  nameservers: string[] | undefined,
  searches: string[] | undefined,
  options: { name?: string; value?: string }[] | undefined,
): PodSpec['dnsConfig'] {
  const opts = (options ?? [])
    .filter((o) => o.name)
    .map((o) => ({ name: o.name ?? '', ...(o.value ? { value: o.value } : {}) }));
  if (!nameservers?.length && !searches?.length && !opts.length) return undefined;
  return {
    ...(nameservers?.length ? { nameservers } : {}),
    ...(searches?.length ? { searches } : {}),
    ...(opts.length ? { options: opts } : {}),
  };
}

/** hostAliasesOf builds spec.hostAliases. */
export function hostAliasesOf(rows: HostAliasForm[] | undefined): PodSpec['hostAliases'] {
  const out = (rows ?? [])
    .filter((r) => r.ip)
    .map((r) => ({ ip: r.ip ?? '', hostnames: words(r.hostnames) }));
  return out.length ? out : undefined;
}
