/**
 * @module Upstream's name and metadata rules (apimachinery `util/validation`, `api/validation`,
 * `meta/v1/validation`) with their exact messages; every function returns all problems found.
 */
import { type FieldError, field } from './field-error.ts';
import type {
  LabelSelector,
  LabelSelectorRequirement,
  ObjectMeta,
  OwnerReference,
} from './types.ts';

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const qnameCharFmt = '[A-Za-z0-9]';
const qnameExtCharFmt = '[-A-Za-z0-9_.]';
const qualifiedNameFmt = `(${qnameCharFmt}${qnameExtCharFmt}*)?${qnameCharFmt}`;
const labelValueFmt = `(${qualifiedNameFmt})?`;
const cIdentifierFmt = '[A-Za-z_][A-Za-z0-9_]*';

const anchored = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const dns1123LabelRe = anchored(dns1123LabelFmt);
const dns1123SubdomainRe = anchored(dns1123SubdomainFmt);
const dns1035LabelRe = anchored(dns1035LabelFmt);
const qualifiedNameRe = anchored(qualifiedNameFmt);
const labelValueRe = anchored(labelValueFmt);
const cIdentifierRe = anchored(cIdentifierFmt);

const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Upstream's `IsNegativeErrorMsg`. */
export const isNegativeErrorMsg = 'must be greater than or equal to 0';
/** Upstream's `FieldImmutableErrorMsg`. */
export const fieldImmutableErrorMsg = 'field is immutable';
/** Total size of all annotations of one object (256 KiB). */
export const totalAnnotationSizeLimitB = 256 * 1024;

/** emptyError is upstream's `EmptyError()`. */
export function emptyError(): string {
  return 'must be non-empty';
}

/** maxLenError is upstream's `MaxLenError(n)`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** regexError is upstream's `RegexError`, double spaces between examples included. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or ';
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

/** isDNS1123Label validates an RFC 1123 label (namespace names, container names, …). */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) {
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          dns1123LabelFmt,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

/** isDNS1123Subdomain validates an RFC 1123 subdomain (most object names). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainFmt,
        'example.com',
      ),
    );
  }
  return errs;
}

/** isDNS1035Label validates an RFC 1035 label (service names). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        dns1035LabelFmt,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** isQualifiedName validates `[prefix/]name` keys (label keys, annotation keys, resource names). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedNameRe.test(name)) {
    errs.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/** isValidLabelValue validates a label value (empty allowed). */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** isCIdentifier validates a C identifier (legacy env var rule). */
export function isCIdentifier(value: string): string[] {
  if (cIdentifierRe.test(value)) return [];
  return [
    regexError(
      "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'",
      cIdentifierFmt,
      'my_name',
      'MY_NAME',
      'MyName',
    ),
  ];
}

/** isInRange reports `must be between lo and hi, inclusive` like upstream. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** isValidPortNum validates a port number 1-65535. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : [inclusiveRangeError(1, 65535)];
}

/** isValidPortName validates an IANA_SVC_NAME (port names). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-')))
    errs.push('must not begin or end with a hyphen');
  return errs;
}

/** NameValidator is upstream's `ValidateNameFunc`: `prefix` is true for generateName. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** maskTrailingDash lets a generateName end in '-' (upstream's `maskTrailingDash`). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

/** nameIsDNSSubdomain is upstream's `NameIsDNSSubdomain`. */
export const nameIsDNSSubdomain: NameValidator = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
/** nameIsDNSLabel is upstream's `NameIsDNSLabel`. */
export const nameIsDNSLabel: NameValidator = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);
/** nameIsDNS1035Label is upstream's `NameIsDNS1035Label`. */
export const nameIsDNS1035Label: NameValidator = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** validateNonnegativeField rejects negative numbers. */
export function validateNonnegativeField(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [field.invalid(path, value, isNegativeErrorMsg)] : [];
}

/** validateImmutableField reports `field is immutable` when the values differ deeply. */
export function validateImmutableField(next: unknown, prev: unknown, path: string): FieldError[] {
  return deepEqual(next, prev) ? [] : [field.invalid(path, next, fieldImmutableErrorMsg)];
}

/** deepEqual compares JSON-like values; `undefined` members equal absent ones. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** validateLabelName validates one label key at `path`. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((m) => field.invalid(path, name, m));
}

/** validateLabels validates label keys and values; errors point at the map like upstream. */
export function validateLabels(
  labels: Record<string, string> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    errs.push(...isValidLabelValue(v).map((m) => field.invalid(path, v, m)));
  }
  return errs;
}

/** validateAnnotations checks keys (case-insensitive qualified names) and the 256 KiB total. */
export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    errs.push(...isQualifiedName(k.toLowerCase()).map((m) => field.invalid(path, k, m)));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > totalAnnotationSizeLimitB)
    errs.push(field.tooLong(path, '', totalAnnotationSizeLimitB));
  return errs;
}

/** validateLabelSelectorRequirement validates one matchExpressions entry. */
export function validateLabelSelectorRequirement(
  r: LabelSelectorRequirement,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        errs.push(
          field.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0)
        errs.push(
          field.forbidden(
            `${path}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      break;
    default:
      errs.push(field.invalid(`${path}.operator`, r.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(r.key, `${path}.key`));
  values.forEach((v, i) => {
    errs.push(...isValidLabelValue(v).map((m) => field.invalid(`${path}.values[${i}]`, v, m)));
  });
  return errs;
}

/** validateLabelSelector validates a metav1.LabelSelector (nil is valid). */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((r, i) => {
    errs.push(...validateLabelSelectorRequirement(r, `${path}.matchExpressions[${i}]`));
  });
  return errs;
}

/** Kinds that can never own anything (upstream's `BannedOwners`). */
const bannedOwners = new Set(['/v1, Kind=Event', 'events.k8s.io/v1, Kind=Event']);

function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (apiVersion === '') return { group: '', version: '' };
  if (parts.length === 1) return { group: '', version: parts[0] ?? '' };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  return { group: '', version: '' };
}

/** validateOwnerReferences validates each reference and that at most one is the controller. */
export function validateOwnerReferences(
  refs: readonly OwnerReference[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const { group, version } = parseApiVersion(ref.apiVersion);
    if (!version)
      errs.push(field.invalid(`${path}.apiVersion`, ref.apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(field.invalid(`${path}.kind`, ref.kind, 'kind must not be empty'));
    if (!ref.name) errs.push(field.invalid(`${path}.name`, ref.name, 'name must not be empty'));
    if (!ref.uid) errs.push(field.invalid(`${path}.uid`, ref.uid, 'uid must not be empty'));
    const gvk = `${group ? `${group}/` : '/'}${version}, Kind=${ref.kind}`;
    if (bannedOwners.has(gvk))
      errs.push(field.invalid(path, ref, `${gvk} is disallowed from being an owner`));
    if (ref.controller) {
      const name = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          field.invalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      } else firstController = name;
    }
  }
  return errs;
}

/** validateFinalizers checks names and the orphan/foreground exclusion. */
export function validateFinalizers(
  finalizers: readonly string[] | undefined,
  path: string,
): FieldError[] {
  const list = finalizers ?? [];
  const errs: FieldError[] = [];
  for (const f of list) errs.push(...isQualifiedName(f).map((m) => field.invalid(path, f, m)));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(
      field.invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'),
    );
  }
  return errs;
}

/** ObjectMetaOptions says how a kind names and scopes its objects. */
export interface ObjectMetaOptions {
  namespaced: boolean;
  nameFn: NameValidator;
}

/** validateObjectMeta is upstream's `ValidateObjectMeta` for create. */
export function validateObjectMeta(
  meta: ObjectMeta,
  opts: ObjectMetaOptions,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    errs.push(
      ...opts
        .nameFn(meta.generateName, true)
        .map((m) => field.invalid(`${path}.generateName`, meta.generateName, m)),
    );
  }
  if (!meta.name) errs.push(field.required(`${path}.name`, 'name or generateName is required'));
  else
    errs.push(
      ...opts.nameFn(meta.name, false).map((m) => field.invalid(`${path}.name`, meta.name, m)),
    );
  if (opts.namespaced) {
    if (!meta.namespace) errs.push(field.required(`${path}.namespace`));
    else
      errs.push(
        ...nameIsDNSLabel(meta.namespace, false).map((m) =>
          field.invalid(`${path}.namespace`, meta.namespace, m),
        ),
      );
  } else if (meta.namespace) {
    errs.push(field.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(meta.generation, `${path}.generation`));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  return errs;
}

/** validateObjectMetaUpdate is upstream's `ValidateObjectMetaUpdate`: identity fields are immutable. */
export function validateObjectMetaUpdate(
  next: ObjectMeta,
  prev: ObjectMeta,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (prev.deletionTimestamp) {
    const added = [...new Set(next.finalizers ?? [])]
      .filter((f) => !(prev.finalizers ?? []).includes(f))
      .sort();
    if (added.length > 0) {
      errs.push(
        field.forbidden(
          `${path}.finalizers`,
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
        ),
      );
    }
  }
  if (!next.resourceVersion) {
    errs.push(
      field.invalid(
        `${path}.resourceVersion`,
        next.resourceVersion ?? '',
        'must be specified for an update',
      ),
    );
  }
  if ((next.generation ?? 0) < (prev.generation ?? 0)) {
    errs.push(field.invalid(`${path}.generation`, next.generation ?? 0, 'must not be decremented'));
  }
  const immutable = [
    'name',
    'namespace',
    'uid',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
  ] as const;
  for (const key of immutable)
    errs.push(...validateImmutableField(next[key], prev[key], `${path}.${key}`));
  errs.push(...validateLabels(next.labels, `${path}.labels`));
  errs.push(...validateAnnotations(next.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(next.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(next.finalizers, `${path}.finalizers`));
  return errs;
}
