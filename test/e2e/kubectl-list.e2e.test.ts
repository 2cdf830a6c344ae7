/**
 * The real kubectl creating and applying `kind: List` manifests (what `kubectl get -o yaml`
 * prints) against a real `everynode up`. kubectl validates a List client-side, against the
 * OpenAPI v2 document in gnostic protobuf (`GET /openapi/v2`); single objects keep using v3 and
 * server-side field validation.
 */
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import {
  run,
  startEverynodeProcess,
  eventually,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';
import { fixtures, seedManifests } from '../harness/fixtures.ts';

function configMap(name: string, extra: Record<string, unknown> = {}): object {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' }, ...extra };
}

function daemonSet(name: string, image = 'nginx:1.27', spec: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { name } },
      template: {
        metadata: { labels: { name } },
        spec: { containers: [{ name: 'main', image, ports: [{ containerPort: 80 }] }] },
      },
      ...spec,
    },
  };
}

function list(...items: object[]): object {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
}

/** What kubectl prints when client-side validation finds an unknown field. */
const unknownFieldError = (file: string, path: string, field: string, schema: string): RegExp =>
  new RegExp(
    `error: error validating "${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": error validating data: ` +
      `ValidationError\\(${path.replace(/\./g, '\\.')}\\): unknown field "${field}" in ${schema.replace(/\./g, '\\.')}; ` +
      'if you choose to ignore these errors, turn validation off with --validate=false',
  );

describe('kubectl create/apply of kind: List (OpenAPI v2)', () => {
  let en: EverynodeProcess;
  let dir: string;

  before(async () => {
    en = await startEverynodeProcess({ args: ['--nodes', '1'] });
    dir = await mkdtemp(join(tmpdir(), 'everynode-list-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    assert.equal(await en.stop(), 0);
  });

  const file = async (name: string, content: object | string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const ok = async (args: string[]): Promise<string> => {
    const r = await en.kubectl(args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
    return r.stdout;
  };
  const fails = async (args: string[]): Promise<string> => {
    const r = await en.kubectl(args);
    assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail:\n${r.stdout}`);
    return r.stderr;
  };

  test('create -f of a JSON List validates it against /openapi/v2 (protobuf) and creates every item', async () => {
    const cms = await file('cms.json', list(configMap('list-cm'), daemonSet('list-ds')));
    const r = await en.kubectl(['create', '-f', cms, '-v=6']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /configmap\/list-cm created\ndaemonset\.apps\/list-ds created/);
    assert.match(r.stderr, /GET https:\/\/\S+\/openapi\/v2\?timeout=32s 200 OK/);
    assert.match(await ok(['get', 'ds', 'list-ds', '-o', 'name']), /daemonset\.apps\/list-ds/);
  });

  test('apply -f of a YAML List creates, leaves unchanged and configures its items', async () => {
    const write = (image: string): Promise<string> =>
      file('list.yaml', stringify(list(configMap('apply-cm'), daemonSet('apply-ds', image))));
    const path = await write('nginx:1.27');
    assert.match(
      await ok(['apply', '-f', path]),
      /configmap\/apply-cm created\ndaemonset\.apps\/apply-ds created/,
    );
    assert.match(
      await ok(['apply', '-f', path]),
      /configmap\/apply-cm unchanged\ndaemonset\.apps\/apply-ds unchanged/,
    );
    await write('nginx:1.28');
    assert.match(await ok(['apply', '-f', path]), /daemonset\.apps\/apply-ds configured/);
    assert.equal(
      await ok([
        'get',
        'ds',
        'apply-ds',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ]),
      'nginx:1.28',
    );
  });

  test('an unknown field in an item fails the whole List with kubectl’s validation error, unless --validate=false', async () => {
    const bad = await file(
      'bad.json',
      list(configMap('bad-cm'), daemonSet('bad-ds', 'nginx:1.27', { foo: 1 })),
    );
    for (const verb of ['create', 'apply']) {
      const err = await fails([verb, '-f', bad]);
      assert.match(
        err,
        unknownFieldError(bad, 'DaemonSet.spec', 'foo', 'io.k8s.api.apps.v1.DaemonSetSpec'),
      );
    }
    // Validation comes before any write: not even the valid ConfigMap was created.
    assert.match(await fails(['get', 'cm', 'bad-cm']), /NotFound/);
    const nested = await file(
      'nested.yaml',
      stringify(
        list(
          configMap('nested-cm', { bogus: true }),
          daemonSet('nested-ds', 'nginx:1.27', {
            template: {
              metadata: { labels: { name: 'nested-ds' } },
              spec: { containers: [{ name: 'main', image: 'nginx', imagePullPolice: 'Always' }] },
            },
          }),
        ),
      ),
    );
    const err = await fails(['apply', '-f', nested]);
    assert.match(
      err,
      /ValidationError\(ConfigMap\): unknown field "bogus" in io\.k8s\.api\.core\.v1\.ConfigMap/,
    );
    assert.match(
      err,
      /ValidationError\(DaemonSet\.spec\.template\.spec\.containers\[0\]\): unknown field "imagePullPolice" in io\.k8s\.api\.core\.v1\.Container/,
    );

    assert.match(
      await ok(['create', '-f', bad, '--validate=false']),
      /configmap\/bad-cm created\ndaemonset\.apps\/bad-ds created/,
    );
    // --validate=false sends fieldValidation=Ignore: the server dropped the field.
    const spec = JSON.parse(await ok(['get', 'ds', 'bad-ds', '-o', 'jsonpath={.spec}'])) as object;
    assert.equal('foo' in spec, false);
  });

  test('a List of missing required fields names them, as upstream’s client-side validation does', async () => {
    const noSelector = daemonSet('nosel') as { spec: Record<string, unknown> };
    delete noSelector.spec['selector'];
    const path = await file('nosel.json', list(noSelector));
    assert.match(
      await fails(['create', '-f', path]),
      /ValidationError\(DaemonSet\.spec\): missing required field "selector" in io\.k8s\.api\.apps\.v1\.DaemonSetSpec/,
    );
  });

  test('what kubectl get -o yaml prints applies back, every kind included', async () => {
    await eventually(async () => {
      assert.match(await ok(['get', 'pods', '-l', 'name=list-ds', '-o', 'name']), /pod\//);
    });
    const dump = await ok([
      'get',
      'ds,cm,pods,nodes,controllerrevisions,leases,events,priorityclasses,namespaces',
      '-A',
      '-o',
      'yaml',
    ]);
    assert.match(dump, /^apiVersion: v1\nitems:/);
    for (const kind of ['DaemonSet', 'Pod', 'Node', 'ControllerRevision', 'Lease', 'Event']) {
      assert.match(dump, new RegExp(`\\n  kind: ${kind}\\n`), kind);
    }
    const path = await file('dump.yaml', dump);
    // A client dry run: nodes and leases heartbeat meanwhile, and a server-side apply of their
    // older resourceVersion would be a (correct) 409 Conflict. Validation runs all the same.
    const out = await ok(['apply', '-f', path, '--dry-run=client']);
    assert.match(out, /daemonset\.apps\/list-ds configured \(dry run\)/);
    assert.match(out, /node\/node-1 configured \(dry run\)/);
    assert.match(out, /lease\.coordination\.k8s\.io\/node-1 configured \(dry run\)/);
  });

  test('the seed manifests validate client-side when wrapped in a List', async () => {
    const items: unknown[] = [];
    for (const f of seedManifests) {
      for (const d of parseAllDocuments(await readFile(join(fixtures, f), 'utf8'))) {
        const v: unknown = d.toJSON();
        if (v) items.push(v);
      }
    }
    assert.ok(items.length >= 7);
    const path = await file('seeds.json', list(...(items as object[])));
    // The Namespaces come before the DaemonSets that live in them, as in the files.
    const out = await ok(['apply', '-f', path]);
    assert.match(out, /namespace\/hwameistor created/);
    assert.match(out, /daemonset\.apps\/hwameistor-local-disk-manager created/);
    assert.match(out, /priorityclass\.scheduling\.k8s\.io\/\S+ created/);
  });

  test('every kubectl 1.27–1.33 reads the protobuf document', async () => {
    const binaries = [27, 28, 29, 30, 31, 32, 33]
      .map((minor) => `/usr/lib/google-cloud-sdk/bin/kubectl.1.${minor}`)
      .filter((p) => existsSync(p));
    const good = await file(
      'versions.json',
      list(configMap('versions-cm'), daemonSet('versions-ds')),
    );
    const bad = await file(
      'versions-bad.json',
      list(daemonSet('versions-bad', 'nginx', { bogusField: 1 })),
    );
    for (const bin of binaries) {
      const common = [
        '--kubeconfig',
        en.kubeconfig,
        '--cache-dir',
        join(dir, `cache-${bin.slice(-4)}`),
      ];
      const r = await run(bin, [...common, 'apply', '-f', good, '--dry-run=server']);
      assert.equal(r.code, 0, `${bin}: ${r.stderr}`);
      assert.match(r.stdout, /daemonset\.apps\/versions-ds created \(server dry run\)/, bin);
      const b = await run(bin, [...common, 'create', '-f', bad]);
      assert.notEqual(b.code, 0, bin);
      assert.match(
        b.stderr,
        /unknown field "bogusField" in io\.k8s\.api\.apps\.v1\.DaemonSetSpec/,
        bin,
      );
    }
  });

  test('single objects and explain keep using OpenAPI v3, never v2', async () => {
    const ds = await file('single.json', daemonSet('single-ds'));
    const applied = await en.kubectl(['apply', '-f', ds, '-v=6']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stderr, /GET \S+\/openapi\/v3\/apis\/apps\/v1\?hash=/);
    assert.doesNotMatch(applied.stderr, /openapi\/v2/);
    const explained = await en.kubectl(['explain', 'ds.spec.updateStrategy', '-v=6']);
    assert.equal(explained.code, 0, explained.stderr);
    assert.match(explained.stdout, /KIND:\s+DaemonSet/);
    assert.doesNotMatch(explained.stderr, /openapi\/v2/);
    // A single object's unknown field is still the server's strict decoding error.
    const bad = await file('single-bad.json', daemonSet('single-bad', 'nginx', { foo: 1 }));
    assert.match(
      await fails(['create', '-f', bad]),
      /strict decoding error: unknown field "spec\.foo"/,
    );
    // The v2 reader of explain works too.
    const v2 = await ok(['explain', 'ds.spec.updateStrategy', '--output=plaintext-openapiv2']);
    assert.match(v2, /RESOURCE:\s+updateStrategy <Object>/);
  });
});
