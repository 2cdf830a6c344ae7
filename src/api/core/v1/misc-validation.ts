/** @module Validation of ConfigMap, Event and Endpoints (minimal but upstream-worded). */
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  isDNS1123Label,
  isValidPortNum,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import { isConfigMapKey } from './container-validation.ts';
import { validateIP } from './pod-validation.ts';
import type { ConfigMap, Endpoints, Event } from './types.ts';

/** Largest ConfigMap payload (upstream `MaxSecretSize`, 1 MiB). */
export const maxConfigMapSize = 1024 * 1024;

/** validateConfigMap checks keys, key overlap between data and binaryData, and total size. */
export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(
    cm.metadata,
    { namespaced: true, nameFn: nameIsDNSSubdomain },
    'metadata',
  );
  let size = 0;
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    errs.push(...isConfigMapKey(key).map((m) => field.invalid(`data[${key}]`, key, m)));
    size += Buffer.byteLength(value);
  }
  for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
    errs.push(...isConfigMapKey(key).map((m) => field.invalid(`binaryData[${key}]`, key, m)));
    if (cm.data && key in cm.data)
      errs.push(field.invalid(`binaryData[${key}]`, key, 'duplicate of key present in data'));
    size += Buffer.from(value, 'base64').length;
  }
  if (size > maxConfigMapSize) errs.push(field.tooLong('', '', maxConfigMapSize));
  return errs;
}

/** validateConfigMapUpdate enforces `immutable: true`. */
export function validateConfigMapUpdate(next: ConfigMap, prev: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata');
  if (prev.immutable === true) {
    if (next.immutable !== true)
      errs.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (JSON.stringify(next.data ?? {}) !== JSON.stringify(prev.data ?? {})) {
      errs.push(field.forbidden('data', 'field is immutable when `immutable` is set'));
    }
    if (JSON.stringify(next.binaryData ?? {}) !== JSON.stringify(prev.binaryData ?? {})) {
      errs.push(field.forbidden('binaryData', 'field is immutable when `immutable` is set'));
    }
  }
  errs.push(...validateConfigMap(next).filter((e) => !e.field.startsWith('metadata.')));
  return errs;
}

/** validateEvent checks metadata, the involved object's namespace and the event type. */
export function validateEvent(ev: Event): FieldError[] {
  const errs = validateObjectMeta(
    ev.metadata,
    { namespaced: true, nameFn: nameIsDNSSubdomain },
    'metadata',
  );
  const involvedNs = ev.involvedObject.namespace;
  if (involvedNs && involvedNs !== ev.metadata.namespace) {
    errs.push(
      field.invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'),
    );
  }
  if (ev.type && !['Normal', 'Warning'].includes(ev.type))
    errs.push(field.notSupported('type', ev.type, ['Normal', 'Warning']));
  return errs;
}

/** validateEndpoints checks addresses and ports of every subset. */
export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs = validateObjectMeta(
    ep.metadata,
    { namespaced: true, nameFn: nameIsDNSSubdomain },
    'metadata',
  );
  (ep.subsets ?? []).forEach((s, i) => {
    const p = `subsets[${i}]`;
    (s.addresses ?? []).forEach((a, j) =>
      errs.push(...validateIP(a.ip, `${p}.addresses[${j}].ip`)),
    );
    (s.notReadyAddresses ?? []).forEach((a, j) =>
      errs.push(...validateIP(a.ip, `${p}.notReadyAddresses[${j}].ip`)),
    );
    const ports = s.ports ?? [];
    ports.forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      if (ports.length > 1 && !port.name) errs.push(field.required(`${pp}.name`));
      else if (port.name)
        errs.push(
          ...isDNS1123Label(port.name).map((m) => field.invalid(`${pp}.name`, port.name, m)),
        );
      errs.push(...isValidPortNum(port.port).map((m) => field.invalid(`${pp}.port`, port.port, m)));
      if (!port.protocol) errs.push(field.required(`${pp}.protocol`));
      else if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol))
        errs.push(field.notSupported(`${pp}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
    });
  });
  return errs;
}
