/** @module Table columns of core/v1 Services (upstream printService). */
import type { Service, ServicePort } from '../../api/core/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, formatLabels, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** serviceTable prints `NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE` (wide: SELECTOR). */
export const serviceTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Type', 'string', 'Type determines how the Service is exposed.'),
    column('Cluster-IP', 'string', 'The IP address of the service, assigned by the master.'),
    column(
      'External-IP',
      'string',
      'IP addresses for which nodes also accept traffic for this service.',
    ),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn,
    column(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
      {
        wide: true,
      },
    ),
  ],
  cells(obj, now) {
    const svc = obj as Service;
    const spec = svc.spec ?? {};
    return [
      svc.metadata.name ?? '',
      spec.type ?? '',
      spec.clusterIPs?.[0] || spec.clusterIP || '<none>',
      externalIP(svc),
      makePortString(spec.ports ?? []) || '<none>',
      formatAge(svc.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
};

function makePortString(ports: readonly ServicePort[]): string {
  return ports
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
}

function externalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? [])
        .map((i) => i.ip || i.hostname || '')
        .filter((value) => value !== '');
      const all = [...ingress, ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    case undefined:
    default:
      return '<unknown>';
  }
}
