/** @module Tests of the OpenAPI v2 (Swagger 2.0) document and its content negotiation. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { resources } from '../../api/scheme.ts';
import { createOpenApiV3, gvPathOf } from './openapi-v3.ts';
import {
  buildSwagger,
  createOpenApiV2,
  negotiateV2Format,
  PROTOBUF_ACCEPT,
  PROTOBUF_CONTENT_TYPE,
} from './openapi-v2.ts';

type Json = Record<string, unknown>;

interface Swagger {
  swagger: string;
  paths: Record<string, Record<string, Json>>;
  definitions: Record<string, Json>;
}

const swagger = buildSwagger() as unknown as Swagger;

test('the document has every path and component schema of the v3 documents', () => {
  assert.equal(swagger.swagger, '2.0');
  const v3 = createOpenApiV3();
  const paths = new Set<string>();
  const schemas = new Set<string>();
  for (const gv of new Set(resources.map(gvPathOf))) {
    const doc = JSON.parse(v3.document(gv)?.body ?? '{}') as {
      paths: Json;
      components: { schemas: Json };
    };
    for (const p of Object.keys(doc.paths)) paths.add(p);
    for (const s of Object.keys(doc.components.schemas)) schemas.add(s);
  }
  assert.deepEqual(Object.keys(swagger.paths).sort(), [...paths].sort());
  assert.deepEqual(Object.keys(swagger.definitions).sort(), [...schemas].sort());
});

test('definitions keep their GVKs and reference each other under #/definitions/, without allOf', () => {
  const ds = swagger.definitions['io.k8s.api.apps.v1.DaemonSet'];
  assert.deepEqual(ds?.['x-kubernetes-group-version-kind'], [
    { group: 'apps', kind: 'DaemonSet', version: 'v1' },
  ]);
  const spec = (ds?.['properties'] as Record<string, Json>)['spec'];
  assert.deepEqual(Object.keys(spec ?? {}).sort(), ['$ref', 'description']);
  assert.equal(spec?.['$ref'], '#/definitions/io.k8s.api.apps.v1.DaemonSetSpec');
  const text = JSON.stringify(swagger);
  assert.doesNotMatch(text, /#\/components\/|"allOf"|"requestBody"|"content"/);
  for (const m of text.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) {
    assert.ok(swagger.definitions[m[1] ?? ''], `dangling reference ${m[1]}`);
  }
  const containers = (
    swagger.definitions['io.k8s.api.core.v1.PodSpec']?.['properties'] as Record<string, Json>
  )['containers'];
  assert.equal(containers?.['x-kubernetes-patch-merge-key'], 'name');
  assert.deepEqual(containers?.['items'], { $ref: '#/definitions/io.k8s.api.core.v1.Container' });
});

test('the DaemonSet PATCH operation is a Swagger 2.0 operation with its GVK and fieldValidation', () => {
  const patch = swagger.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}']?.['patch'];
  assert.ok(patch);
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], {
    group: 'apps',
    kind: 'DaemonSet',
    version: 'v1',
  });
  assert.deepEqual(patch['consumes'], [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
  ]);
  assert.deepEqual(patch['schemes'], ['https']);
  const params = patch['parameters'] as Json[];
  assert.deepEqual(params[0], {
    in: 'body',
    name: 'body',
    required: true,
    schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' },
  });
  const fieldValidation = params.find((p) => p['name'] === 'fieldValidation');
  assert.equal(fieldValidation?.['in'], 'query');
  assert.equal(fieldValidation?.['type'], 'string');
  assert.equal(fieldValidation?.['schema'], undefined);
  assert.deepEqual(patch['responses'], {
    '200': {
      description: 'OK',
      schema: { $ref: '#/definitions/io.k8s.api.apps.v1.DaemonSet' },
    },
    '201': {
      description: 'Created',
      schema: { $ref: '#/definitions/io.k8s.api.apps.v1.DaemonSet' },
    },
    '401': { description: 'Unauthorized' },
  });
  assert.deepEqual(patch['produces'], ['application/json', 'application/yaml']);
  const log = swagger.paths['/api/v1/namespaces/{namespace}/pods/{name}/log']?.['get'];
  assert.deepEqual(log?.['produces'], ['text/plain']);
});

test('Accept headers pick JSON or protobuf as kube-openapi does', () => {
  const cases: [string | undefined, string | undefined][] = [
    [PROTOBUF_ACCEPT, 'protobuf'],
    [PROTOBUF_CONTENT_TYPE, 'protobuf'],
    ['application/json', 'json'],
    ['application/json, */*', 'json'],
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/*', 'json'],
    [`application/json;q=0.5, ${PROTOBUF_ACCEPT}`, 'protobuf'],
    [`${PROTOBUF_ACCEPT};q=0, application/json`, 'json'],
    ['*/*;q=0.1, application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
    ['text/html', undefined],
    ['application/yaml', undefined],
  ];
  for (const [accept, format] of cases) assert.equal(negotiateV2Format(accept), format, accept);
});

test('each encoding is built once, with its own content type and ETag', () => {
  const v2 = createOpenApiV2();
  const json = v2.negotiate('application/json');
  const pb = v2.negotiate(PROTOBUF_ACCEPT);
  assert.ok(json && pb);
  assert.equal(json.contentType, 'application/json');
  assert.equal(pb.contentType, PROTOBUF_CONTENT_TYPE);
  assert.equal(typeof json.body, 'string');
  assert.ok(pb.body instanceof Uint8Array);
  assert.equal(v2.negotiate(undefined), json);
  assert.equal(v2.representation('protobuf'), pb);
  assert.deepEqual(JSON.parse(json.body as string), swagger);
  for (const r of [json, pb]) {
    assert.equal(r.etag, `"${createHash('sha512').update(r.body).digest('hex').toUpperCase()}"`);
  }
  assert.notEqual(json.etag, pb.etag);
  assert.equal(v2.negotiate('text/html'), undefined);
});
