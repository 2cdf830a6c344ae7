/** @module Service validation, the subset of upstream `ValidateService` that everynode serves. */
import { isIP } from 'node:net';
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  isDNS1123Label,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  validateImmutableField,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import type { Service, ServicePort } from './types.ts';

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const protocols = ['SCTP', 'TCP', 'UDP'];

function validatePort(p: ServicePort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(field.required(`${path}.name`));
  else if (p.name)
    errs.push(...isDNS1123Label(p.name).map((m) => field.invalid(`${path}.name`, p.name, m)));
  errs.push(...isValidPortNum(p.port).map((m) => field.invalid(`${path}.port`, p.port, m)));
  if (!p.protocol) errs.push(field.required(`${path}.protocol`));
  else if (!protocols.includes(p.protocol))
    errs.push(field.notSupported(`${path}.protocol`, p.protocol, protocols));
  const tp = p.targetPort;
  if (typeof tp === 'number')
    errs.push(...isValidPortNum(tp).map((m) => field.invalid(`${path}.targetPort`, tp, m)));
  else if (typeof tp === 'string')
    errs.push(...isValidPortName(tp).map((m) => field.invalid(`${path}.targetPort`, tp, m)));
  if (p.nodePort)
    errs.push(
      ...isValidPortNum(p.nodePort).map((m) => field.invalid(`${path}.nodePort`, p.nodePort, m)),
    );
  return errs;
}

/** validateService checks name, type, ports, selector, sessionAffinity and clusterIP. */
export function validateService(svc: Service): FieldError[] {
  const errs = validateObjectMeta(
    svc.metadata,
    { namespaced: true, nameFn: nameIsDNS1035Label },
    'metadata',
  );
  const spec = svc.spec ?? {};
  const headless = spec.clusterIP === 'None';
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName')
    errs.push(field.required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validatePort(p, ports.length > 1, `spec.ports[${i}]`));
    if (p.name && names.has(p.name)) errs.push(field.duplicate(`spec.ports[${i}].name`, p.name));
    if (p.name) names.add(p.name);
  });
  if (spec.type && !serviceTypes.includes(spec.type))
    errs.push(field.notSupported('spec.type', spec.type, serviceTypes));
  if (spec.type === 'ExternalName' && !spec.externalName)
    errs.push(field.required('spec.externalName'));
  if (spec.sessionAffinity && !['ClientIP', 'None'].includes(spec.sessionAffinity)) {
    errs.push(
      field.notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']),
    );
  }
  if (spec.clusterIP && !headless && isIP(spec.clusterIP) === 0) {
    errs.push(
      field.invalid(
        'spec.clusterIP',
        spec.clusterIP,
        "must be empty, 'None', or a valid IP address",
      ),
    );
  }
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  return errs;
}

/** validateServiceUpdate keeps an allocated clusterIP immutable. */
export function validateServiceUpdate(next: Service, prev: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata');
  if (
    prev.spec?.clusterIP &&
    prev.spec.type !== 'ExternalName' &&
    next.spec?.type !== 'ExternalName'
  ) {
    errs.push(
      ...validateImmutableField(
        next.spec?.clusterIPs ?? [next.spec?.clusterIP],
        prev.spec.clusterIPs ?? [prev.spec.clusterIP],
        'spec.clusterIPs',
      ),
    );
  }
  errs.push(...validateService(next).filter((e) => !e.field.startsWith('metadata.')));
  return errs;
}
