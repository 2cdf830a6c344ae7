/** @module Tests of the OpenAPI v3 root and group/version documents kubectl reads. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { resources } from '../../api/scheme.ts';
import { createOpenApiV3, gvPathOf } from './openapi-v3.ts';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

const openapi = createOpenApiV3();

function doc(gvPath: string): Doc {
  const d = openapi.document(gvPath);
  assert.ok(d, gvPath);
  return JSON.parse(d.body) as Doc;
}

function hashOf(url: string): string {
  return new URL(url, 'https://x').searchParams.get('hash') ?? '';
}

test('the root lists every served group/version with a hash of its document', () => {
  const root = openapi.root() as { paths: Record<string, { serverRelativeURL: string }> };
  const expected = [...new Set(resources.map(gvPathOf))].sort();
  assert.deepEqual(Object.keys(root.paths).sort(), expected);
  assert.ok(expected.includes('api/v1') && expected.includes('apis/apps/v1'));
  for (const [gv, entry] of Object.entries(root.paths)) {
    assert.match(entry.serverRelativeURL, new RegExp(`^/openapi/v3/${gv}\\?hash=[0-9A-F]{128}$`));
    const body = openapi.document(gv)?.body ?? '';
    assert.equal(
      hashOf(entry.serverRelativeURL),
      createHash('sha512').update(body).digest('hex').toUpperCase(),
    );
  }
});

test('documents are serialized once and carry a quoted ETag', () => {
  const a = openapi.document('apis/apps/v1');
  const b = openapi.document('/apis/apps/v1');
  assert.ok(a && b);
  assert.equal(a.body, b.body);
  assert.match(a.etag, /^"[0-9A-F]{128}"$/);
  assert.equal(openapi.document('apis/policy/v1beta1'), undefined);
});

test('the DaemonSet PATCH operation advertises its GVK and fieldValidation, which turns on server-side validation in kubectl', () => {
  const d = doc('apis/apps/v1');
  assert.equal(d.openapi, '3.0.0');
  const patch = d.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}']?.['patch'];
  assert.ok(patch);
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], {
    group: 'apps',
    kind: 'DaemonSet',
    version: 'v1',
  });
  assert.equal(patch['x-kubernetes-action'], 'patch');
  assert.equal(patch['operationId'], 'patchAppsV1NamespacedDaemonSet');
  const names = (patch['parameters'] as { name: string; in: string }[]).map(
    (p) => `${p.in}:${p.name}`,
  );
  for (const n of ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force'])
    assert.ok(names.includes(n), n);
  const bodyTypes = Object.keys((patch['requestBody'] as { content: object }).content);
  assert.deepEqual(bodyTypes.sort(), [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
  ]);
});

test('collection, item and status paths have the operations of the verbs served', () => {
  const d = doc('apis/apps/v1');
  const col = d.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets'];
  assert.deepEqual(Object.keys(col ?? {}).sort(), ['delete', 'get', 'parameters', 'post']);
  assert.equal(col?.['delete']?.['x-kubernetes-action'], 'deletecollection');
  assert.equal(col?.['get']?.['operationId'], 'listAppsV1NamespacedDaemonSet');
  const item = d.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}'];
  assert.deepEqual(Object.keys(item ?? {}).sort(), ['delete', 'get', 'parameters', 'patch', 'put']);
  const status = d.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}/status'];
  assert.deepEqual(Object.keys(status ?? {}).sort(), ['get', 'parameters', 'patch', 'put']);
  assert.equal(status?.['patch']?.['operationId'], 'patchAppsV1NamespacedDaemonSetStatus');
  assert.ok(d.paths['/apis/apps/v1/daemonsets']?.['get']);
  const core = doc('api/v1');
  assert.ok(core.paths['/api/v1/nodes/{name}']?.['patch'], 'cluster-scoped item path');
  assert.equal(
    core.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction']?.['post']?.[
      'x-kubernetes-group-version-kind'
    ] !== undefined,
    true,
  );
});

test('every referenced schema is included in the document', () => {
  for (const gv of Object.keys((openapi.root() as { paths: object }).paths)) {
    const body = openapi.document(gv)?.body ?? '';
    const d = JSON.parse(body) as Doc;
    for (const m of body.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      assert.ok(d.components.schemas[m[1] ?? ''], `${gv}: ${m[1]}`);
    }
  }
});

test('the DaemonSet schema has GVKs, a described updateStrategy and merge keys on containers', () => {
  const s = doc('apis/apps/v1').components.schemas;
  const ds = s['io.k8s.api.apps.v1.DaemonSet'];
  assert.deepEqual(ds?.['x-kubernetes-group-version-kind'], [
    { group: 'apps', kind: 'DaemonSet', version: 'v1' },
  ]);
  const spec = s['io.k8s.api.apps.v1.DaemonSetSpec']?.['properties'] as Record<
    string,
    Record<string, unknown>
  >;
  const strategy = spec['updateStrategy'];
  assert.deepEqual(strategy?.['allOf'], [
    { $ref: '#/components/schemas/io.k8s.api.apps.v1.DaemonSetUpdateStrategy' },
  ]);
  assert.match(String(strategy?.['description']), /update strategy/i);
  assert.deepEqual(s['io.k8s.api.apps.v1.DaemonSetSpec']?.['required'], ['selector', 'template']);
  const containers = (
    s['io.k8s.api.core.v1.PodSpec']?.['properties'] as Record<string, Record<string, unknown>>
  )['containers'];
  assert.equal(containers?.['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers?.['x-kubernetes-patch-strategy'], 'merge');
  assert.deepEqual(containers?.['x-kubernetes-list-map-keys'], ['name']);
  assert.equal(
    s['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.['x-kubernetes-int-or-string'],
    true,
  );
  assert.equal(s['io.k8s.apimachinery.pkg.api.resource.Quantity']?.['type'], 'string');
});
