/**
 * @module Regression test: `kubectl apply` (client-side) then `kubectl apply --server-side` with a
 * changed image, replaying kubectl 1.32's exact requests against an in-process API server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiServer, type ApiServer } from './server.ts';
import { createTokenAuthenticator } from './authorizer.ts';
import { openBackend } from '../storage/registry.ts';
import '../storage/drivers.ts';
import type { Backend } from '../storage/backend.ts';
import type { RestResponse } from '../lib/rest.ts';
import { silentLogger } from '../lib/logger.ts';

const path = '/apis/apps/v1/namespaces/default/daemonsets';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The manifest kubectl read from ds.yaml, as the JSON it sends, with the image given. */
function manifest(name: string, image: string): string {
  return (
    `{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"${name}","namespace":"default"},` +
    `"spec":{"selector":{"matchLabels":{"name":"${name}"}},"template":{"metadata":{"labels":{"name":"${name}"}},` +
    `"spec":{"containers":[{"image":"${image}","name":"main"}]}}}}`
  );
}

/** The last-applied annotation client-side apply stored (the first manifest, image nginx). */
function lastApplied(name: string): string {
  return (
    `{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"annotations":{},"name":"${name}","namespace":"default"},` +
    `"spec":{"selector":{"matchLabels":{"name":"${name}"}},"template":{"metadata":{"labels":{"name":"${name}"}},` +
    '"spec":{"containers":[{"image":"nginx","name":"main"}]}}}}\n'
  );
}

/** Step 3's managedFields, verbatim from the -v=9 trace: kubectl's set merged with client-side apply's. */
const tracedMigration = [
  {
    manager: 'kubectl',
    operation: 'Apply',
    apiVersion: 'apps/v1',
    time: '2026-11-24T12:03:01Z',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': {
        'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} },
      },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          '.': {},
          'f:metadata': { '.': {}, 'f:labels': { '.': {}, 'f:name': {} } },
          'f:spec': {
            '.': {},
            'f:containers': {
              '.': {},
              'k:{"name":"main"}': { '.': {}, 'f:image': {}, 'f:name': {} },
            },
          },
        },
      },
    },
  },
  {
    manager: 'kubectl-last-applied',
    operation: 'Apply',
    apiVersion: 'apps/v1',
    time: '2026-11-24T12:03:01Z',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': {
        'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} },
      },
    },
  },
];

interface Entry {
  manager: string;
  operation: string;
  fieldsV1: Record<string, unknown>;
}
interface Container {
  name?: string;
  image?: string;
}
interface Ds {
  metadata: {
    resourceVersion: string;
    annotations?: Record<string, string>;
    managedFields?: Entry[];
  };
  spec: {
    selector?: unknown;
    template?: { metadata?: { labels?: unknown }; spec?: { containers?: Container[] } };
  };
}

function decode(res: RestResponse, status = 200): Ds {
  assert.equal(res.status, status, res.body);
  return JSON.parse(res.body ?? '') as Ds;
}

/** unionFieldsV1 merges two fieldsV1 trees, as kubectl's csaupgrade unions the sets. */
function unionFieldsV1(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    out[k] =
      mine === undefined
        ? v
        : unionFieldsV1(mine as Record<string, unknown>, v as Record<string, unknown>);
  }
  return out;
}

/** kubectlMigration is what kubectl 1.32 computes: client-side apply's fields folded into `kubectl`. */
function kubectlMigration(entries: readonly Entry[]): Entry[] {
  const csa = entries.find(
    (e) => e.manager === 'kubectl-client-side-apply' && e.operation === 'Update',
  );
  assert.ok(csa, 'the client-side apply manager is still there before the migration');
  return entries
    .filter((e) => e !== csa)
    .map((e) =>
      e.manager === 'kubectl' && e.operation === 'Apply'
        ? { ...e, fieldsV1: unionFieldsV1(e.fieldsV1, csa.fieldsV1) }
        : e,
    );
}

/** The spec fields of the manifest (defaulting may add others, which these tests leave alone). */
function assertManifestSpec(ds: Ds, name: string, image: string): void {
  assert.deepEqual(ds.spec.selector, { matchLabels: { name } });
  assert.deepEqual(ds.spec.template?.metadata?.labels, { name });
  const containers = ds.spec.template?.spec?.containers ?? [];
  assert.equal(containers.length, 1);
  assert.equal(containers[0]?.name, 'main');
  assert.equal(containers[0]?.image, image);
}

describe('server-side apply after client-side apply (kubectl migration)', () => {
  let backend: Backend;
  let api: ApiServer;
  /** api.handle as an authenticated cluster admin (the transport in-process components use). */
  let handle: ApiServer['handle'];

  before(async () => {
    backend = await openBackend('memory://');
    api = await createApiServer({
      backend,
      authenticator: createTokenAuthenticator({}),
      logger: silentLogger,
    });
    const transport = api.transport();
    handle = (req) => transport.request(req);
  });
  after(async () => {
    await api.close();
    await backend.close();
  });

  const patch = (
    name: string,
    contentType: string,
    query: Record<string, string>,
    body: string,
  ): Promise<RestResponse> =>
    handle({
      method: 'PATCH',
      path: `${path}/${name}`,
      query,
      headers: { 'content-type': contentType },
      body,
    });
  const apply = (
    name: string,
    manager: string,
    body: string,
    force?: boolean,
  ): Promise<RestResponse> =>
    patch(
      name,
      'application/apply-patch+yaml',
      {
        fieldManager: manager,
        fieldValidation: 'Strict',
        ...(force === undefined ? {} : { force: String(force) }),
      },
      body,
    );

  /**
   * runKubectl replays `kubectl apply -f` (image nginx) then `kubectl apply --server-side -f`
   * (image nginx:2); `migration` builds step 3's managedFields from step 2's response.
   */
  async function runKubectl(
    name: string,
    migration: (second: Ds) => unknown,
  ): Promise<{ third: Ds; fourth: Ds }> {
    // Client-side apply of a new object: a create carrying the last-applied annotation.
    const createBody = JSON.parse(manifest(name, 'nginx')) as { metadata: Record<string, unknown> };
    createBody.metadata['annotations'] = { [LAST_APPLIED]: lastApplied(name) };
    const created = await handle({
      method: 'POST',
      path,
      query: { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(createBody),
    });
    decode(created, 201);

    // (1) apply as `kubectl`: it conflicts only with client-side apply, so the server forces it.
    const first = decode(await apply(name, 'kubectl', manifest(name, 'nginx:2'), false));
    assertManifestSpec(first, name, 'nginx:2');

    // (2) the last-applied annotation, applied by its own manager.
    const annotationOnly = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { annotations: { [LAST_APPLIED]: lastApplied(name) }, name, namespace: 'default' },
    };
    const second = decode(
      await apply(name, 'kubectl-last-applied', JSON.stringify(annotationOnly)),
    );

    // (3) the migration JSON patch, with the resourceVersion as a precondition.
    const ops = [
      { op: 'replace', path: '/metadata/managedFields', value: migration(second) },
      { op: 'replace', path: '/metadata/resourceVersion', value: second.metadata.resourceVersion },
    ];
    const query = { fieldManager: 'kubectl', fieldValidation: 'Strict' };
    const third = decode(
      await patch(name, 'application/json-patch+json', query, JSON.stringify(ops)),
    );

    // (4) the first apply again.
    const fourth = decode(await apply(name, 'kubectl', manifest(name, 'nginx:2'), false));
    return { third, fourth };
  }

  /** Upstream's result: `kubectl` owns exactly what it applied, client-side apply owns nothing. */
  function assertUpstreamOwnership(ds: Ds): void {
    const entries = ds.metadata.managedFields ?? [];
    assert.deepEqual(
      entries.map((e) => [e.manager, e.operation]),
      [
        ['kubectl', 'Apply'],
        ['kubectl-last-applied', 'Apply'],
      ],
    );
    assert.deepEqual(entries[0]?.fieldsV1, {
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:name': {} } },
          'f:spec': {
            'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
          },
        },
      },
    });
  }

  test('replaying the traced requests keeps the template and applies the new image', async () => {
    const { third, fourth } = await runKubectl('ssa4', () => tracedMigration);
    assert.deepEqual(
      third.metadata.managedFields?.map((e) => e.manager),
      ['kubectl', 'kubectl-last-applied'],
    );
    assertManifestSpec(fourth, 'ssa4', 'nginx:2');
    assert.equal(fourth.metadata.annotations?.[LAST_APPLIED], lastApplied('ssa4'));
    assertUpstreamOwnership(fourth);
    const got = decode(await handle({ method: 'GET', path: `${path}/ssa4` }));
    assert.deepEqual(got.spec, fourth.spec);
  });

  test('migrating the managedFields the server returned keeps the template and applies the new image', async () => {
    const { fourth } = await runKubectl('ssa5', (second) =>
      kubectlMigration(second.metadata.managedFields ?? []),
    );
    assertManifestSpec(fourth, 'ssa5', 'nginx:2');
    assert.equal(fourth.metadata.annotations?.[LAST_APPLIED], lastApplied('ssa5'));
    assertUpstreamOwnership(fourth);
  });

  test('a second server-side apply after the migration changes nothing', async () => {
    const before = decode(await handle({ method: 'GET', path: `${path}/ssa4` }));
    const again = decode(await apply('ssa4', 'kubectl', manifest('ssa4', 'nginx:2'), false));
    assert.equal(again.metadata.resourceVersion, before.metadata.resourceVersion);
    assert.deepEqual(again.spec, before.spec);
  });
});
