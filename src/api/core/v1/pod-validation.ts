/**
 * @module Pod and pod template validation (upstream `ValidatePodSpec`, `ValidatePodTemplateSpec`,
 * `ValidatePodCreate`, `ValidatePodUpdate`, `ValidatePodStatusUpdate`).
 */
import { isIP } from 'node:net';
import type * as k from 'kubernetes-types/core/v1.js';
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  deepEqual,
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabels,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import { validateContainers, validateInitContainers } from './container-validation.ts';
import { validateResourceList } from './resource-validation.ts';
import { validateAffinity, validateTolerations } from './scheduling-validation.ts';
import type { Pod, PodSpec, PodTemplateSpec, Toleration } from './types.ts';
import { validateVolumes } from './volume-validation.ts';

const maxInt32 = 2147483647;
const ipMsg = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** isValidIP checks an IPv4/IPv6 address like upstream `validation.IsValidIP`. */
export function validateIP(value: string, path: string): FieldError[] {
  return isIP(value) === 0 ? [field.invalid(path, value, ipMsg)] : [];
}

const subdomain = (v: string, path: string): FieldError[] =>
  isDNS1123Subdomain(v).map((m) => field.invalid(path, v, m));
const label = (v: string, path: string): FieldError[] =>
  isDNS1123Label(v).map((m) => field.invalid(path, v, m));

function validateRestartPolicy(p: string | undefined, path: string): FieldError[] {
  if (!p) return [field.required(path)];
  const ok = ['Always', 'OnFailure', 'Never'];
  return ok.includes(p) ? [] : [field.notSupported(path, p, ok)];
}

function validateDNSPolicy(p: string | undefined, path: string): FieldError[] {
  if (!p) return [field.required(path)];
  const ok = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  return ok.includes(p) ? [] : [field.notSupported(path, p, ok)];
}

function validateDNSConfig(spec: PodSpec, path: string): FieldError[] {
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!cfg) return [field.required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((cfg.nameservers?.length ?? 0) === 0) {
      return [
        field.required(
          `${path}.nameservers`,
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ];
    }
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const ns = cfg.nameservers ?? [];
  if (ns.length > 3)
    errs.push(field.invalid(`${path}.nameservers`, ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => errs.push(...validateIP(n, `${path}.nameservers[${i}]`)));
  const searches = cfg.searches ?? [];
  if (searches.length > 32)
    errs.push(
      field.invalid(`${path}.searches`, searches, 'must not have more than 32 search paths'),
    );
  if (searches.join(' ').length > 2048) {
    errs.push(
      field.invalid(
        `${path}.searches`,
        searches,
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  }
  searches.forEach((s, i) =>
    errs.push(...subdomain(s.replace(/\.$/, ''), `${path}.searches[${i}]`)),
  );
  (cfg.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(field.required(`${path}.options[${i}]`, 'must not be empty'));
  });
  return errs;
}

function validateHostNetworkPorts(spec: PodSpec, path: string, isPod: boolean): FieldError[] {
  if (!spec.hostNetwork) return [];
  const errs: FieldError[] = [];
  spec.containers.forEach((c, i) => {
    (c.ports ?? []).forEach((p, j) => {
      // Templates may leave hostPort 0; pods get it defaulted from containerPort.
      if (p.hostPort !== p.containerPort && (isPod || (p.hostPort ?? 0) !== 0)) {
        errs.push(
          field.invalid(
            `${path}.containers[${i}].ports[${j}].hostPort`,
            p.hostPort ?? 0,
            'must match `containerPort` when `hostNetwork` is true',
          ),
        );
      }
    });
  });
  return errs;
}

function validatePodSecurityContext(
  sc: k.PodSecurityContext | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    const v = sc?.[key];
    if (v !== undefined && (v < 0 || v > maxInt32))
      errs.push(field.invalid(`${path}.${key}`, v, inclusiveRangeError(0, maxInt32)));
  }
  (sc?.supplementalGroups ?? []).forEach((g, i) => {
    if (g < 0 || g > maxInt32)
      errs.push(
        field.invalid(`${path}.supplementalGroups[${i}]`, g, inclusiveRangeError(0, maxInt32)),
      );
  });
  return errs;
}

/** PodSpecOptions distinguishes Pods from templates where upstream rules differ. */
export interface PodSpecOptions {
  isPod: boolean;
}

/** validatePodSpec is upstream `ValidatePodSpec`; `path` is usually `spec` or `spec.template.spec`. */
export function validatePodSpec(
  spec: PodSpec,
  path: string,
  opts: PodSpecOptions = { isPod: true },
): FieldError[] {
  const { names, errors: errs } = validateVolumes(spec.volumes, `${path}.volumes`);
  const grace = spec.terminationGracePeriodSeconds;
  const ctx = { volumes: names, isPod: opts.isPod };
  errs.push(...validateContainers(spec.containers, ctx, `${path}.containers`, grace));
  errs.push(
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      ctx,
      `${path}.initContainers`,
      grace,
    ),
  );
  errs.push(...validateHostNetworkPorts(spec, path, opts.isPod));
  errs.push(...validateRestartPolicy(spec.restartPolicy, `${path}.restartPolicy`));
  errs.push(...validateDNSPolicy(spec.dnsPolicy, `${path}.dnsPolicy`));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validatePodSecurityContext(spec.securityContext, `${path}.securityContext`));
  (spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (!s.name) errs.push(field.required(`${path}.imagePullSecrets[${i}].name`));
  });
  errs.push(...validateAffinity(spec.affinity, `${path}.affinity`));
  errs.push(...validateDNSConfig(spec, `${path}.dnsConfig`));
  (spec.readinessGates ?? []).forEach((g, i) => {
    errs.push(
      ...isQualifiedName(g.conditionType).map((m) =>
        field.invalid(`${path}.readinessGates[${i}].conditionType`, g.conditionType, m),
      ),
    );
  });
  const names2 = [
    ['serviceAccountName', spec.serviceAccountName],
    ['nodeName', spec.nodeName],
    ['priorityClassName', spec.priorityClassName],
  ] as const;
  for (const [key, value] of names2) {
    if (value)
      errs.push(
        ...nameIsDNSSubdomain(value, false).map((m) => field.invalid(`${path}.${key}`, value, m)),
      );
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && (ads < 1 || ads > maxInt32)) {
    errs.push(
      field.invalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRangeError(1, maxInt32)),
    );
  }
  if (spec.hostname) errs.push(...label(spec.hostname, `${path}.hostname`));
  if (spec.subdomain) errs.push(...label(spec.subdomain, `${path}.subdomain`));
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  (spec.hostAliases ?? []).forEach((h, i) => {
    errs.push(...validateIP(h.ip ?? '', `${path}.hostAliases[${i}].ip`));
    (h.hostnames ?? []).forEach((n, j) =>
      errs.push(...subdomain(n, `${path}.hostAliases[${i}].hostnames[${j}]`)),
    );
  });
  if (
    spec.preemptionPolicy !== undefined &&
    !['Never', 'PreemptLowerPriority'].includes(spec.preemptionPolicy)
  ) {
    errs.push(
      field.notSupported(`${path}.preemptionPolicy`, spec.preemptionPolicy, [
        'Never',
        'PreemptLowerPriority',
      ]),
    );
  }
  errs.push(...validateResourceList(spec.overhead, `${path}.overhead`));
  errs.push(
    ...validateNonnegativeField(
      spec.terminationGracePeriodSeconds,
      `${path}.terminationGracePeriodSeconds`,
    ),
  );
  return errs;
}

/** validatePodTemplateSpec is upstream `ValidatePodTemplateSpec` (labels at `<path>.labels`, as upstream). */
export function validatePodTemplateSpec(t: PodTemplateSpec, path: string): FieldError[] {
  const errs = [
    ...validateLabels(t.metadata?.labels, `${path}.labels`),
    ...validateAnnotations(t.metadata?.annotations, `${path}.annotations`),
  ];
  if (!t.spec) return [...errs, field.required(`${path}.spec.containers`)];
  errs.push(...validatePodSpec(t.spec, `${path}.spec`, { isPod: false }));
  if ((t.spec.ephemeralContainers?.length ?? 0) > 0) {
    errs.push(
      field.forbidden(
        `${path}.spec.ephemeralContainers`,
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errs;
}

function validateImageWhitespace(
  containers: readonly k.Container[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  (containers ?? []).forEach((c, i) => {
    if (c.image && c.image.trim() !== c.image) {
      errs.push(
        field.invalid(
          `${path}[${i}].image`,
          c.image,
          'must not have leading or trailing whitespace',
        ),
      );
    }
  });
  return errs;
}

function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const spec: PodSpec = pod.spec ?? { containers: [] };
  const errs = validateObjectMeta(
    pod.metadata,
    { namespaced: true, nameFn: nameIsDNSSubdomain },
    'metadata',
  );
  errs.push(...validatePodSpec(spec, 'spec', { isPod: true }));
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((v, vi) => {
      (v.projected?.sources ?? []).forEach((s, si) => {
        if (s.serviceAccountToken) {
          errs.push(
            field.forbidden(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  errs.push(...validateImageWhitespace(spec.containers, 'spec.containers'));
  errs.push(...validateImageWhitespace(spec.initContainers, 'spec.initContainers'));
  return errs;
}

/** validatePod is upstream `ValidatePodCreate`. */
export function validatePod(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = pod.spec;
  if ((spec?.ephemeralContainers?.length ?? 0) > 0)
    errs.push(field.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (spec?.nodeName && (spec.schedulingGates?.length ?? 0) > 0) {
    errs.push(
      field.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'),
    );
  }
  return errs;
}

/** The fields `validatePodUpdate` lets change, in upstream's wording. */
export const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validateContainerUpdates(
  next: readonly k.Container[],
  prev: readonly k.Container[],
  path: string,
): { errs: FieldError[]; stop: boolean } {
  if (next.length !== prev.length)
    return {
      errs: [field.forbidden(path, 'pod updates may not add or remove containers')],
      stop: true,
    };
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    if (!c.image) errs.push(field.required(`${path}[${i}].image`));
    if (c.image && c.image.trim() !== c.image)
      errs.push(
        field.invalid(
          `${path}[${i}].image`,
          c.image,
          'must not have leading or trailing whitespace',
        ),
      );
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(
  next: readonly Toleration[] | undefined,
  prev: readonly Toleration[] | undefined,
  path: string,
): FieldError[] {
  for (const old of prev ?? []) {
    const found = (next ?? []).some((t) =>
      deepEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t),
    );
    if (!found)
      return [
        field.forbidden(
          path,
          'existing toleration can not be modified except its tolerationSeconds',
        ),
      ];
  }
  return validateTolerations(next, path);
}

function validateActiveDeadlineUpdate(
  next: number | undefined,
  prev: number | undefined,
): FieldError[] {
  const path = 'spec.activeDeadlineSeconds';
  if (next !== undefined) {
    if (next < 0 || next > maxInt32)
      return [field.invalid(path, next, inclusiveRangeError(0, maxInt32))];
    if (prev !== undefined && prev < next)
      return [field.invalid(path, next, 'must be less than or equal to previous value')];
    return [];
  }
  return prev !== undefined
    ? [field.invalid(path, null, 'must not update from a positive integer to nil value')]
    : [];
}

function specDiff(prev: PodSpec, next: PodSpec): string {
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])].sort();
  const rec = (s: PodSpec): Record<string, unknown> => s as unknown as Record<string, unknown>;
  const lines = keys
    .filter((key) => !deepEqual(rec(prev)[key], rec(next)[key]))
    .flatMap((key) => [
      `-\t${key}: ${JSON.stringify(rec(prev)[key])}`,
      `+\t${key}: ${JSON.stringify(rec(next)[key])}`,
    ]);
  return `  core.PodSpec{\n${lines.join('\n')}\n  }\n`;
}

/** validatePodUpdate is upstream `ValidatePodUpdate`: only images, deadlines and toleration additions may change. */
export function validatePodUpdate(next: Pod, prev: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata');
  errs.push(...validatePodMetadataAndSpec(next));
  const ns: PodSpec = next.spec ?? { containers: [] };
  const ps: PodSpec = prev.spec ?? { containers: [] };
  for (const key of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(ns[key] ?? [], ps[key] ?? [], `spec.${key}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = validateActiveDeadlineUpdate(ns.activeDeadlineSeconds, ps.activeDeadlineSeconds);
  errs.push(...ads);
  if (ads.length > 0 && ns.activeDeadlineSeconds !== undefined) return errs;
  errs.push(...validateOnlyAddedTolerations(ns.tolerations, ps.tolerations, 'spec.tolerations'));
  if (deepEqual(ns, ps)) return errs;
  const munged: PodSpec = structuredClone(ns);
  munged.containers.forEach((c, i) => setImage(c, ps.containers[i]?.image));
  munged.initContainers?.forEach((c, i) => setImage(c, ps.initContainers?.[i]?.image));
  setOrDelete(munged, 'activeDeadlineSeconds', ps.activeDeadlineSeconds);
  setOrDelete(munged, 'schedulingGates', ps.schedulingGates);
  setOrDelete(munged, 'tolerations', ps.tolerations);
  if ((ps.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    setOrDelete(munged, 'terminationGracePeriodSeconds', ps.terminationGracePeriodSeconds);
  }
  if (!deepEqual(munged, ps)) {
    errs.push(
      field.forbidden(
        'spec',
        `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${specDiff(ps, munged)}`,
      ),
    );
  }
  return errs;
}

function setImage(c: k.Container, image: string | undefined): void {
  if (image === undefined) delete c.image;
  else c.image = image;
}

function setOrDelete<K extends keyof PodSpec>(
  spec: PodSpec,
  key: K,
  value: PodSpec[K] | undefined,
): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}

const systemConditions = new Set(['PodScheduled', 'Ready', 'Initialized']);

function validateContainerStateTransition(
  next: readonly k.ContainerStatus[] | undefined,
  prev: readonly k.ContainerStatus[] | undefined,
  path: string,
  restartPolicy: string | undefined,
): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  (prev ?? []).forEach((old, i) => {
    const term = old.state?.terminated;
    if (!term) return;
    if (term.exitCode !== 0 && restartPolicy === 'OnFailure') return;
    for (const n of next ?? []) {
      if (n.name === old.name && !n.state?.terminated) {
        errs.push(
          field.forbidden(`${path}[${i}].state`, 'may not be transitioned to non-terminated state'),
        );
      }
    }
  });
  return errs;
}

/** validatePodStatusUpdate is upstream `ValidatePodStatusUpdate`. */
export function validatePodStatusUpdate(next: Pod, prev: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata');
  const status: k.PodStatus = next.status ?? {};
  const old: k.PodStatus = prev.status ?? {};
  (status.conditions ?? []).forEach((c, i) => {
    if (!systemConditions.has(c.type)) {
      errs.push(
        ...isQualifiedName(c.type).map((m) =>
          field.invalid(`metadata.conditions[${i}].Type`, c.type, m),
        ),
      );
    }
  });
  if ((next.spec?.nodeName ?? '') !== (prev.spec?.nodeName ?? ''))
    errs.push(field.forbidden('status.nodeName', 'may not be changed directly'));
  const nominated = status.nominatedNodeName;
  if (nominated && nominated !== old.nominatedNodeName) {
    errs.push(
      ...nameIsDNSSubdomain(nominated, false).map((m) =>
        field.invalid('status.nominatedNodeName', nominated, m),
      ),
    );
  }
  const policy = prev.spec?.restartPolicy;
  errs.push(
    ...validateContainerStateTransition(
      status.containerStatuses,
      old.containerStatuses,
      'status.containerStatuses',
      policy,
    ),
  );
  errs.push(
    ...validateContainerStateTransition(
      status.initContainerStatuses,
      old.initContainerStatuses,
      'status.initContainerStatuses',
      policy,
    ),
  );
  (status.podIPs ?? []).forEach((ip, i) =>
    errs.push(...validateIP(ip.ip ?? '', `status.podIPs[${i}].ip`)),
  );
  (status.hostIPs ?? []).forEach((ip, i) =>
    errs.push(...validateIP(ip.ip ?? '', `status.hostIPs[${i}].ip`)),
  );
  return errs;
}
