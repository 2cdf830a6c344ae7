/** @module Pod volume validation (upstream `ValidateVolumes` / `validateVolumeSource`). */
import type * as k from 'kubernetes-types/core/v1.js';
import { type FieldError, field } from '../../meta/field-error.ts';
import { isDNS1123Label, nameIsDNSSubdomain } from '../../meta/validation.ts';
import { volumeSourceNames } from './defaults.ts';
import { validateObjectFieldSelector } from './container-validation.ts';
import type { Volume } from './types.ts';

const hostPathTypes = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];
const volumeFieldPaths = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];

function noBacksteps(p: string, path: string): FieldError[] {
  return p.split('/').includes('..') ? [field.invalid(path, p, "must not contain '..'")] : [];
}

function validateMode(mode: number | undefined, path: string): FieldError[] {
  if (mode === undefined || (mode >= 0 && mode <= 0o777)) return [];
  return [field.invalid(path, mode, 'must be a number between 0 and 0777 (octal), both inclusive')];
}

function validateLocalNonReservedPath(p: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith('/')) errs.push(field.invalid(path, p, 'must be a relative path'));
  errs.push(...noBacksteps(p, path));
  if (p.startsWith('..')) errs.push(field.invalid(path, p, "must not start with '..'"));
  return errs;
}

function validateKeyToPaths(items: readonly k.KeyToPath[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (items ?? []).forEach((it, i) => {
    const p = `${path}[${i}]`;
    if (!it.key) errs.push(field.required(`${p}.key`));
    if (!it.path) errs.push(field.required(`${p}.path`));
    else errs.push(...validateLocalNonReservedPath(it.path, `${p}.path`));
    errs.push(...validateMode(it.mode, `${p}.mode`));
  });
  return errs;
}

function validateDownwardAPIItems(
  items: readonly k.DownwardAPIVolumeFile[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  (items ?? []).forEach((it, i) => {
    const p = `${path}[${i}]`;
    if (!it.path) errs.push(field.required(`${p}.path`));
    else errs.push(...validateLocalNonReservedPath(it.path, `${p}.path`));
    errs.push(...validateMode(it.mode, `${p}.mode`));
    if (it.fieldRef) {
      errs.push(...validateObjectFieldSelector(it.fieldRef, volumeFieldPaths, `${p}.fieldRef`));
      if (it.resourceFieldRef)
        errs.push(
          field.invalid(
            p,
            'resource',
            'fieldRef and resourceFieldRef can not be specified simultaneously',
          ),
        );
    } else if (!it.resourceFieldRef) {
      errs.push(field.required(p, 'one of fieldRef and resourceFieldRef is required'));
    }
  });
  return errs;
}

/** Per-source checks; sources without rules here are only counted. */
function validateSource(name: string, v: Volume, path: string): FieldError[] {
  const p = `${path}.${name}`;
  switch (name) {
    case 'hostPath': {
      const hp = v.hostPath;
      if (!hp?.path) return [field.required(`${p}.path`)];
      const errs = noBacksteps(hp.path, `${p}.path`);
      if (hp.type !== undefined && !hostPathTypes.includes(hp.type))
        errs.push(field.notSupported(`${p}.type`, hp.type, hostPathTypes));
      return errs;
    }
    case 'secret':
      return [
        ...(v.secret?.secretName ? [] : [field.required(`${p}.secretName`)]),
        ...validateMode(v.secret?.defaultMode, `${p}.defaultMode`),
        ...validateKeyToPaths(v.secret?.items, `${p}.items`),
      ];
    case 'configMap': {
      const cm = v.configMap;
      const errs = cm?.name
        ? nameIsDNSSubdomain(cm.name, false).map((m) => field.invalid(`${p}.name`, cm.name, m))
        : [field.required(`${p}.name`)];
      return [
        ...errs,
        ...validateMode(cm?.defaultMode, `${p}.defaultMode`),
        ...validateKeyToPaths(cm?.items, `${p}.items`),
      ];
    }
    case 'downwardAPI':
      return [
        ...validateMode(v.downwardAPI?.defaultMode, `${p}.defaultMode`),
        ...validateDownwardAPIItems(v.downwardAPI?.items, `${p}.items`),
      ];
    case 'persistentVolumeClaim':
      return v.persistentVolumeClaim?.claimName ? [] : [field.required(`${p}.claimName`)];
    case 'nfs': {
      const errs: FieldError[] = [];
      if (!v.nfs?.server) errs.push(field.required(`${p}.server`));
      if (!v.nfs?.path) errs.push(field.required(`${p}.path`));
      else if (!v.nfs.path.startsWith('/'))
        errs.push(field.invalid(`${p}.path`, v.nfs.path, 'must be an absolute path'));
      return errs;
    }
    case 'csi':
      return v.csi?.driver ? [] : [field.required(`${p}.driver`)];
    case 'emptyDir': {
      const limit = v.emptyDir?.sizeLimit;
      return typeof limit === 'string' && limit.startsWith('-')
        ? [field.forbidden(`${p}.sizeLimit`, 'SizeLimit field must be a valid resource quantity')]
        : [];
    }
    case 'projected':
      return validateProjected(v.projected, p);
    default:
      return [];
  }
}

function validateProjected(pr: k.ProjectedVolumeSource | undefined, path: string): FieldError[] {
  const errs = validateMode(pr?.defaultMode, `${path}.defaultMode`);
  (pr?.sources ?? []).forEach((s, i) => {
    const p = `${path}.sources[${i}]`;
    const kinds = (
      ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle'] as const
    ).filter((key) => s[key] !== undefined);
    if (kinds.length === 0)
      errs.push(field.required(p, 'must specify exactly one projected volume source'));
    kinds
      .slice(1)
      .forEach((key) =>
        errs.push(
          field.forbidden(`${p}.${key}`, 'may not specify more than 1 volume type per source'),
        ),
      );
    if (s.downwardAPI)
      errs.push(...validateDownwardAPIItems(s.downwardAPI.items, `${p}.downwardAPI.items`));
    if (s.secret) errs.push(...validateKeyToPaths(s.secret.items, `${p}.secret.items`));
    if (s.configMap) errs.push(...validateKeyToPaths(s.configMap.items, `${p}.configMap.items`));
    const tok = s.serviceAccountToken;
    if (tok) {
      if ((tok.expirationSeconds ?? 3600) < 600)
        errs.push(
          field.invalid(
            `${p}.serviceAccountToken.expirationSeconds`,
            tok.expirationSeconds,
            'may not specify a duration less than 10 minutes',
          ),
        );
      if (!tok.path) errs.push(field.required(`${p}.serviceAccountToken.path`));
    }
  });
  return errs;
}

/** validateVolumes returns the names of valid volumes (for mount checks) and all errors. */
export function validateVolumes(
  volumes: readonly Volume[] | undefined,
  path: string,
): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  (volumes ?? []).forEach((v, i) => {
    const p = `${path}[${i}]`;
    const el: FieldError[] = [];
    const sources = volumeSourceNames(v);
    sources.forEach((name, n) => {
      if (n === 0) el.push(...validateSource(name, v, p));
      else el.push(field.forbidden(`${p}.${name}`, 'may not specify more than 1 volume type'));
    });
    if (sources.length === 0) el.push(field.required(p, 'must specify a volume type'));
    if (!v.name) el.push(field.required(`${p}.name`));
    else el.push(...isDNS1123Label(v.name).map((m) => field.invalid(`${p}.name`, v.name, m)));
    if (names.has(v.name)) el.push(field.duplicate(`${p}.name`, v.name));
    if (el.length === 0) names.add(v.name);
    errors.push(...el);
  });
  return { names, errors };
}
