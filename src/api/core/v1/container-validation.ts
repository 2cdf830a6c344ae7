/**
 * @module Container validation (upstream `validateContainers`, `validateInitContainers` and
 * helpers): names, image, ports, env, resources, probes, lifecycle, volume mounts, securityContext.
 */
import type * as k from 'kubernetes-types/core/v1.js';
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  regexError,
} from '../../meta/validation.ts';
import type { Container, ContainerPort, EnvVar, VolumeMount } from './types.ts';
import { validateHandler, validateProbe } from './probe-validation.ts';
import { validateResourceRequirements } from './resource-validation.ts';

/** Options shared by container checks. */
export interface ContainerContext {
  /** Names of valid volumes of the pod. */
  volumes: ReadonlySet<string>;
  /** True for Pods, false for templates (hostNetwork hostPort rule). */
  isPod: boolean;
}

const dnsLabel = (name: string, path: string): FieldError[] =>
  isDNS1123Label(name).map((m) => field.invalid(path, name, m));

function validatePorts(ports: readonly ContainerPort[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const ip = `${path}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => field.invalid(`${ip}.name`, p.name, m)));
      else if (names.has(p.name)) errs.push(field.duplicate(`${ip}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(field.required(`${ip}.containerPort`));
    else
      errs.push(
        ...isValidPortNum(p.containerPort).map((m) =>
          field.invalid(`${ip}.containerPort`, p.containerPort, m),
        ),
      );
    if (p.hostPort)
      errs.push(
        ...isValidPortNum(p.hostPort).map((m) => field.invalid(`${ip}.hostPort`, p.hostPort, m)),
      );
    if (!p.protocol) errs.push(field.required(`${ip}.protocol`));
    else if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol))
      errs.push(field.notSupported(`${ip}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

/** Field paths an env var may read through fieldRef (upstream `validEnvDownwardAPIFieldPathExpressions`). */
export const envFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
] as const;
const convertibleFieldPaths = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** validateObjectFieldSelector checks a downward API fieldRef against the allowed paths. */
export function validateObjectFieldSelector(
  fs: k.ObjectFieldSelector,
  allowed: readonly string[],
  path: string,
): FieldError[] {
  if (!fs.apiVersion) return [field.required(`${path}.apiVersion`)];
  if (!fs.fieldPath) return [field.required(`${path}.fieldPath`)];
  const sub = /^(metadata\.(?:annotations|labels))\['(.*)'\]$/.exec(fs.fieldPath);
  if (fs.apiVersion !== 'v1') {
    return [
      field.invalid(
        `${path}.fieldPath`,
        fs.fieldPath,
        `error converting fieldPath: unsupported pod version: ${fs.apiVersion}`,
      ),
    ];
  }
  if (sub) {
    const key = sub[1] === 'metadata.annotations' ? (sub[2] ?? '').toLowerCase() : (sub[2] ?? '');
    return isQualifiedName(key).map((m) => field.invalid(path, key, m));
  }
  if (!convertibleFieldPaths.has(fs.fieldPath)) {
    return [
      field.invalid(
        `${path}.fieldPath`,
        fs.fieldPath,
        `error converting fieldPath: field label not supported: ${fs.fieldPath}`,
      ),
    ];
  }
  if (!allowed.includes(fs.fieldPath))
    return [field.notSupported(`${path}.fieldPath`, fs.fieldPath, [...allowed].sort())];
  return [];
}

const configKeyFmt = '[-._a-zA-Z0-9]+';

/** isConfigMapKey is upstream `IsConfigMapKey`. */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${configKeyFmt}$`).test(key)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        configKeyFmt,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function validateKeySelector(s: { name?: string; key: string }, path: string): FieldError[] {
  const errs = nameIsDNSSubdomain(s.name ?? '', false).map((m) =>
    field.invalid(`${path}.name`, s.name ?? '', m),
  );
  if (!s.key) errs.push(field.required(`${path}.key`));
  else errs.push(...isConfigMapKey(s.key).map((m) => field.invalid(`${path}.key`, s.key, m)));
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, envFieldPaths, `${path}.fieldRef`));
  }
  if (from.resourceFieldRef) {
    sources++;
    if (!from.resourceFieldRef.resource)
      errs.push(field.required(`${path}.resourceFieldRef.resource`));
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, `${path}.configMapKeyRef`));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, `${path}.secretKeyRef`));
  }
  if (sources === 0)
    errs.push(
      field.invalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  else if (ev.value)
    errs.push(field.invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1)
    errs.push(field.invalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** validateEnv is upstream `ValidateEnv` with relaxed names (printable ASCII except '='). */
export function validateEnv(env: readonly EnvVar[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    if (!ev.name) errs.push(field.required(`${p}.name`));
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(ev.name)) {
      errs.push(
        field.invalid(
          `${p}.name`,
          ev.name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    }
    errs.push(...validateEnvVarValueFrom(ev, `${p}.valueFrom`));
  });
  return errs;
}

function validateLocalDescendingPath(p: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith('/')) errs.push(field.invalid(path, p, 'must be a relative path'));
  if (p.split('/').includes('..')) errs.push(field.invalid(path, p, "must not contain '..'"));
  return errs;
}

function validateVolumeMounts(
  mounts: readonly VolumeMount[] | undefined,
  c: Container,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const points = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!m.name) errs.push(field.required(`${p}.name`));
    if (!ctx.volumes.has(m.name)) errs.push(field.notFound(`${p}.name`, m.name));
    if (!m.mountPath) errs.push(field.required(`${p}.mountPath`));
    if (points.has(m.mountPath))
      errs.push(field.invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    points.add(m.mountPath);
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, `${path}.subPath`));
    if (m.subPathExpr) {
      if (m.subPath)
        errs.push(
          field.invalid(
            `${p}.subPathExpr`,
            m.subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      errs.push(...validateLocalDescendingPath(m.subPathExpr, `${path}.subPathExpr`));
    }
    const prop = m.mountPropagation;
    if (prop !== undefined) {
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(prop))
        errs.push(field.notSupported(`${path}.mountPropagation`, prop, supported));
      if (prop === 'Bidirectional' && c.securityContext?.privileged !== true) {
        errs.push(
          field.forbidden(
            `${path}.mountPropagation`,
            'Bidirectional mount propagation is available only to privileged containers',
          ),
        );
      }
    }
  });
  return errs;
}

function validateSecurityContext(sc: k.SecurityContext | undefined, path: string): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  const id = (v: number | undefined, key: string): void => {
    if (v !== undefined && (v < 0 || v > 2147483647))
      errs.push(field.invalid(`${path}.${key}`, v, inclusiveRangeError(0, 2147483647)));
  };
  id(sc.runAsUser, 'runAsUser');
  id(sc.runAsGroup, 'runAsGroup');
  if (sc.procMount !== undefined && !['Default', 'Unmasked'].includes(sc.procMount)) {
    errs.push(field.notSupported(`${path}.procMount`, sc.procMount, ['Default', 'Unmasked']));
  }
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true)
      errs.push(
        field.invalid(
          path,
          sc,
          'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
        ),
      );
    if ((sc.capabilities?.add ?? []).includes('CAP_SYS_ADMIN')) {
      errs.push(
        field.invalid(
          path,
          sc,
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
        ),
      );
    }
  }
  return errs;
}

function validateContainerCommon(c: Container, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(field.required(`${path}.name`));
  else errs.push(...dnsLabel(c.name, `${path}.name`));
  if (!c.image) errs.push(field.required(`${path}.image`));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(field.required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(
      field.notSupported(`${path}.terminationMessagePolicy`, tmp, [
        'File',
        'FallbackToLogsOnError',
      ]),
    );
  }
  errs.push(...validatePorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`));
  (c.envFrom ?? []).forEach((ef, i) => {
    const p = `${path}.envFrom[${i}]`;
    const n = (ef.configMapRef ? 1 : 0) + (ef.secretRef ? 1 : 0);
    if (n === 0)
      errs.push(field.invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1)
      errs.push(field.invalid(p, '', 'may not have more than one field specified at a time'));
  });
  errs.push(...validateVolumeMounts(c.volumeMounts, c, ctx, `${path}.volumeMounts`));
  const pull = c.imagePullPolicy;
  if (!pull) errs.push(field.required(`${path}.imagePullPolicy`));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) {
    errs.push(
      field.notSupported(`${path}.imagePullPolicy`, pull, ['Always', 'IfNotPresent', 'Never']),
    );
  }
  errs.push(...validateResourceRequirements(c.resources, `${path}.resources`));
  errs.push(...validateSecurityContext(c.securityContext, `${path}.securityContext`));
  return errs;
}

function checkHostPortConflicts(
  containers: readonly Container[],
  path: string,
  offset = 0,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.hostIP ?? ''}/${p.protocol ?? ''}/${p.hostPort}`;
      if (seen.has(key))
        errs.push(field.duplicate(`${path}[${ci + offset}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return errs;
}

function validateLifecycleAndProbes(
  c: Container,
  path: string,
  grace: number | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  if (c.lifecycle?.postStart)
    errs.push(...validateHandler(c.lifecycle.postStart, `${path}.lifecycle.postStart`, grace));
  if (c.lifecycle?.preStop)
    errs.push(...validateHandler(c.lifecycle.preStop, `${path}.lifecycle.preStop`, grace));
  errs.push(...validateProbe(c.livenessProbe, 'liveness', `${path}.livenessProbe`, grace));
  errs.push(...validateProbe(c.readinessProbe, 'readiness', `${path}.readinessProbe`, grace));
  errs.push(...validateProbe(c.startupProbe, 'startup', `${path}.startupProbe`, grace));
  return errs;
}

/** validateContainers is upstream `validateContainers` for regular containers. */
export function validateContainers(
  containers: readonly Container[] | undefined,
  ctx: ContainerContext,
  path: string,
  grace: number | undefined,
): FieldError[] {
  if (!containers || containers.length === 0) return [field.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, ctx, p));
    if (names.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
    else names.add(c.name);
    errs.push(...validateLifecycleAndProbes(c, p, grace));
    if (c.restartPolicy !== undefined)
      errs.push(field.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

/** validateInitContainers is upstream `validateInitContainers` (sidecars have restartPolicy Always). */
export function validateInitContainers(
  inits: readonly Container[] | undefined,
  regular: readonly Container[] | undefined,
  ctx: ContainerContext,
  path: string,
  grace: number | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name));
  (inits ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, ctx, p));
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && !sidecar)
      errs.push(field.notSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
    if (names.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], path, i));
    if (sidecar) errs.push(...validateLifecycleAndProbes(c, p, grace));
    else {
      for (const key of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[key] !== undefined)
          errs.push(
            field.forbidden(
              `${p}.${key}`,
              'may not be set for init containers without restartPolicy=Always',
            ),
          );
      }
    }
  });
  return errs;
}
