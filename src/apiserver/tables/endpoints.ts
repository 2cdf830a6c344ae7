/** @module Table columns of core/v1 Endpoints (upstream printEndpoints / formatEndpoints). */
import type { Endpoints } from '../../api/core/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** endpointsTable prints `NAME ENDPOINTS AGE`, listing at most three endpoints. */
export const endpointsTable: TableConvertor = {
  columns: [nameColumn, column('Endpoints', 'string', 'Endpoints of the service.'), ageColumn],
  cells(obj, now) {
    const ep = obj as Endpoints;
    return [
      ep.metadata.name ?? '',
      formatEndpoints(ep),
      formatAge(ep.metadata.creationTimestamp, now),
    ];
  },
};

const maxShown = 3;

/** formatEndpoints renders `ip:port,…` with ` + N more...` past three, or `<none>`. */
export function formatEndpoints(endpoints: Endpoints): string {
  const list: string[] = [];
  let count = 0;
  for (const subset of endpoints.subsets ?? []) {
    const addresses = subset.addresses ?? [];
    // Headless services may have addresses without ports.
    const ports =
      subset.ports && subset.ports.length > 0 ? subset.ports.map((p) => p.port) : [undefined];
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === maxShown) break;
        list.push(port === undefined ? address.ip : joinHostPort(address.ip, port));
      }
    }
  }
  if (count > maxShown) return `${list.join(',')} + ${count - maxShown} more...`;
  return list.length > 0 ? list.join(',') : '<none>';
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
