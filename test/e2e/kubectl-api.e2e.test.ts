/**
 * The real kubectl against a real `everynode up` process: every command of issue #2, with
 * upstream-looking output. One server for the file; each test uses its own objects.
 */
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { readKubeconfig } from '../../src/cli/kubeconfig.ts';
import {
  startEverynodeProcess,
  eventually,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';
import { fixtures, seedManifests } from '../harness/fixtures.ts';

function ds(name: string, image = 'nginx:1.27', extra = ''): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  selector:
    matchLabels:
      name: ${name}
  template:
    metadata:
      labels:
        name: ${name}
    spec:
      containers:
      - name: main
        image: ${image}
${extra}`;
}

describe('kubectl against everynode (API)', () => {
  let en: EverynodeProcess;
  let k: EverynodeProcess['kubectl'];
  let tmp: string;

  before(async () => {
    en = await startEverynodeProcess({ args: ['--nodes', '0'] });
    k = (args, o) => en.kubectl(args, o);
    tmp = await mkdtemp(join(tmpdir(), 'everynode-kubectl-'));
  });
  after(async () => {
    // SIGTERM must shut everything down cleanly (exit code 0).
    assert.equal(await en.stop(), 0);
  });

  const ok = async (
    args: string[],
    input?: string,
    env?: Record<string, string>,
  ): Promise<string> => {
    const r = await k(args, { ...(input !== undefined ? { input } : {}), ...(env ? { env } : {}) });
    assert.equal(
      r.code,
      0,
      `kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`,
    );
    return r.stdout;
  };
  const fails = async (args: string[], input?: string): Promise<string> => {
    const r = await k(args, input !== undefined ? { input } : {});
    assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail:\n${r.stdout}`);
    return r.stderr;
  };

  test('version reports server 1.32', async () => {
    const out = JSON.parse(await ok(['version', '-o', 'json'])) as {
      serverVersion: { major: string; minor: string };
    };
    assert.equal(out.serverVersion.major, '1');
    assert.equal(out.serverVersion.minor, '32');
  });

  test('api-resources lists DaemonSets and the core resources', async () => {
    const out = await ok(['api-resources']);
    assert.match(out, /daemonsets\s+ds\s+apps\/v1\s+true\s+DaemonSet/);
    assert.match(out, /pods\s+po\s+v1\s+true\s+Pod/);
    assert.match(out, /priorityclasses\s+pc\s+scheduling\.k8s\.io\/v1\s+false\s+PriorityClass/);
    assert.match(out, /controllerrevisions\s+apps\/v1\s+true\s+ControllerRevision/);
  });

  test('apply creates, then configures, then leaves unchanged', async () => {
    assert.match(await ok(['apply', '-f', '-'], ds('web')), /daemonset\.apps\/web created/);
    assert.match(
      await ok(['apply', '-f', '-'], ds('web', 'nginx:1.28')),
      /daemonset\.apps\/web configured/,
    );
    assert.match(
      await ok(['apply', '-f', '-'], ds('web', 'nginx:1.28')),
      /daemonset\.apps\/web unchanged/,
    );
    const img = await ok([
      'get',
      'ds',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image} {.metadata.generation}',
    ]);
    assert.equal(img, 'nginx:1.28 2');
  });

  test('get ds prints upstream columns, wide columns, yaml and json', async () => {
    await ok(['apply', '-f', '-'], ds('cols'));
    const table = await ok(['get', 'ds', 'cols']);
    assert.match(
      table,
      /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE/,
    );
    assert.match(table, /\ncols\s+0\s+0\s+0\s+0\s+0\s+<none>\s+\d+s/);
    const wide = await ok(['get', 'ds', 'cols', '-o', 'wide']);
    assert.match(wide, /CONTAINERS\s+IMAGES\s+SELECTOR/);
    assert.match(wide, /main\s+nginx:1\.27\s+name=cols/);
    const yaml = await ok(['get', 'ds', 'cols', '-o', 'yaml']);
    assert.match(yaml, /kind: DaemonSet/);
    assert.match(yaml, /maxUnavailable: 1/);
    const json = JSON.parse(await ok(['get', 'ds', '-o', 'json'])) as {
      kind: string;
      items: unknown[];
    };
    assert.equal(json.kind, 'List');
    assert.ok(json.items.length >= 1);
    const all = await ok(['get', 'ds', '-A', '--show-labels']);
    assert.match(all, /default\s+cols\s.*app=cols/);
  });

  test('get priorityclasses, namespaces, controllerrevisions and events print tables', async () => {
    assert.match(await ok(['get', 'priorityclasses']), /system-node-critical\s+2000001000\s+false/);
    assert.match(await ok(['get', 'ns']), /kube-system\s+Active/);
    const cr = await k(['get', 'controllerrevisions']);
    assert.equal(cr.code, 0, cr.stderr);
    const ev = await k(['get', 'events', '-A']);
    assert.equal(ev.code, 0, ev.stderr);
  });

  test('nodes: create, label, taint, cordon and uncordon', async () => {
    const node =
      'apiVersion: v1\nkind: Node\nmetadata:\n  name: worker-a\n  labels:\n    kubernetes.io/hostname: worker-a\n';
    await ok(['apply', '-f', '-'], node);
    assert.match(
      await ok(['label', 'node', 'worker-a', 'app=logging-node']),
      /node\/worker-a labeled/,
    );
    assert.match(
      await ok(['taint', 'node', 'worker-a', 'app=fluentd-logging:NoExecute']),
      /node\/worker-a tainted/,
    );
    assert.match(
      await ok([
        'get',
        'node',
        'worker-a',
        '-o',
        'jsonpath={.spec.taints[?(@.key=="app")].effect}',
      ]),
      /NoExecute/,
    );
    assert.match(await ok(['taint', 'node', 'worker-a', 'app-']), /node\/worker-a untainted/);
    assert.match(await ok(['cordon', 'worker-a']), /node\/worker-a cordoned/);
    assert.match(await ok(['get', 'nodes', 'worker-a']), /SchedulingDisabled/);
    assert.match(await ok(['uncordon', 'worker-a']), /node\/worker-a uncordoned/);
    assert.equal(await ok(['get', 'node', 'worker-a', '-o', 'jsonpath={.spec.unschedulable}']), '');
    assert.match(await ok(['get', 'nodes', '--show-labels']), /app=logging-node/);
  });

  test('create refuses duplicates; replace, annotate and the three patch types work', async () => {
    await ok(['create', '-f', '-'], ds('rep'));
    const dup = await fails(['create', '-f', '-'], ds('rep'));
    assert.match(dup, /AlreadyExists.*daemonsets\.apps "rep" already exists/);
    assert.match(
      await ok(['replace', '-f', '-'], ds('rep', 'nginx:1.29')),
      /daemonset\.apps\/rep replaced/,
    );
    assert.match(await ok(['annotate', 'ds', 'rep', 'team=core']), /annotated/);
    await ok(['patch', 'ds', 'rep', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"a"}}}']);
    await ok([
      'patch',
      'ds',
      'rep',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/spec/minReadySeconds","value":5}]',
    ]);
    await ok([
      'patch',
      'ds',
      'rep',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.30"}]}}}}',
    ]);
    const out = await ok([
      'get',
      'ds',
      'rep',
      '-o',
      'jsonpath={.metadata.labels.tier} {.spec.minReadySeconds} {.spec.template.spec.containers[0].image} {.metadata.annotations.team}',
    ]);
    assert.equal(out, 'a 5 nginx:1.30 core');
  });

  test('diff shows a change without applying it', async () => {
    await ok(['apply', '-f', '-'], ds('dif'));
    const r = await k(['diff', '-f', '-'], { input: ds('dif', 'nginx:9.9') });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^-\s+- image: nginx:1\.27$/m);
    assert.match(r.stdout, /^\+\s+- image: nginx:9\.9$/m);
    assert.equal(
      await ok(['get', 'ds', 'dif', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']),
      'nginx:1.27',
    );
  });

  test('edit applies what the editor changed', async () => {
    await ok(['apply', '-f', '-'], ds('edt'));
    const editor = join(tmp, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\nsed -i "s/image: nginx:1.27/image: nginx:1.31/" "$1"\n');
    await chmod(editor, 0o755);
    assert.match(
      await ok(['edit', 'ds', 'edt'], undefined, { KUBE_EDITOR: editor }),
      /daemonset\.apps\/edt edited/,
    );
    assert.equal(
      await ok(['get', 'ds', 'edt', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']),
      'nginx:1.31',
    );
  });

  test('apply --server-side creates and takes over a client-side applied object', async () => {
    assert.match(await ok(['apply', '--server-side', '-f', '-'], ds('ssa')), /serverside-applied/);
    await ok(['apply', '-f', '-'], ds('ssa2'));
    assert.match(
      await ok(['apply', '--server-side', '-f', '-'], ds('ssa2', 'nginx:1.33')),
      /serverside-applied/,
    );
    const mf = await ok([
      'get',
      'ds',
      'ssa2',
      '-o',
      'jsonpath={.metadata.managedFields[*].manager}',
      '--show-managed-fields',
    ]);
    assert.match(mf, /kubectl/);
    assert.equal(
      await ok(['get', 'ds', 'ssa2', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']),
      'nginx:1.33',
    );
  });

  test('apply --validate=strict names an unknown field; warn only warns', async () => {
    const bad = ds('strict', 'nginx:1.27', '  bogusField: 1\n'.replace(/^/, '')).replace(
      'spec:\n  selector',
      'spec:\n  bogusField: 1\n  selector',
    );
    const err = await fails(['apply', '--validate=strict', '-f', '-'], bad);
    assert.match(err, /strict decoding error: unknown field "spec\.bogusField"/);
    const warn = await k(['create', '--validate=warn', '-f', '-'], { input: bad });
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stderr, /Warning: unknown field "spec\.bogusField"/);
  });

  test('invalid DaemonSets are refused with upstream messages', async () => {
    const never = ds('inv', 'nginx', '      restartPolicy: Never\n');
    assert.match(
      await fails(['apply', '-f', '-'], never),
      /spec\.template\.spec\.restartPolicy: Unsupported value: "Never": supported values: "Always"/,
    );
    const mismatch = ds('inv2').replace(
      'matchLabels:\n      name: inv2',
      'matchLabels:\n      name: other',
    );
    assert.match(
      await fails(['apply', '-f', '-'], mismatch),
      /selector` does not match template `labels`/,
    );
    const noImage = ds('inv3').replace('        image: nginx:1.27\n', '');
    assert.match(
      await fails(['apply', '-f', '-'], noImage),
      /spec\.template\.spec\.containers\[0\]\.image: Required value/,
    );
  });

  test('the seeds manifests are accepted', async () => {
    for (const f of seedManifests) {
      await ok(['apply', '-f', join(fixtures, f)]);
    }
    assert.match(await ok(['get', 'ds', '-A']), /hwameistor-local-disk-manager/);
  });

  test('explain and auth can-i work', async () => {
    const out = await ok(['explain', 'daemonset.spec.updateStrategy']);
    assert.match(out, /KIND:\s+DaemonSet/);
    assert.match(out, /rollingUpdate/);
    assert.equal((await ok(['auth', 'can-i', 'create', 'daemonsets'])).trim(), 'yes');
  });

  test('get -w streams changes made afterwards', async () => {
    await ok(['apply', '-f', '-'], ds('watched'));
    const lines: string[] = [];
    const { spawn } = await import('node:child_process');
    const { KUBECTL } = await import('../harness/everynode-process.ts');
    const child = spawn(
      KUBECTL,
      ['--kubeconfig', en.kubeconfig, 'get', 'ds', 'watched', '-w', '--output-watch-events'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
    try {
      await eventually(() => assert.ok(lines.length >= 2, lines.join('\n')), 15_000);
      await ok(['label', 'ds', 'watched', 'changed=yes']);
      await eventually(
        () =>
          assert.ok(
            lines.some((l) => l.startsWith('MODIFIED')),
            lines.join('\n'),
          ),
        15_000,
      );
    } finally {
      child.kill();
    }
  });

  test('delete with each cascade mode', async () => {
    for (const [name, cascade] of [
      ['del-bg', 'background'],
      ['del-fg', 'foreground'],
      ['del-or', 'orphan'],
    ] as const) {
      await ok(['apply', '-f', '-'], ds(name));
      assert.match(
        await ok(['delete', 'ds', name, `--cascade=${cascade}`, '--timeout=30s']),
        new RegExp(`daemonset.apps "${name}" deleted`),
      );
      const gone = await k(['get', 'ds', name]);
      assert.notEqual(gone.code, 0);
      assert.match(gone.stderr, /NotFound/);
    }
  });

  test('errors are Kubernetes Status errors', async () => {
    assert.match(
      await fails(['get', 'ds', 'nope']),
      /Error from server \(NotFound\): daemonsets\.apps "nope" not found/,
    );
    const ns = ds('x').replace('name: x\n', 'name: x\n  namespace: missing-ns\n');
    assert.match(await fails(['create', '-f', '-'], ns), /namespaces "missing-ns" not found/);
  });

  test('health endpoints and /version need no token; the API does', async () => {
    const { caPem } = await readKubeconfig(en.kubeconfig);
    const get = (path: string, token?: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const req = httpsRequest(
          new URL(path, en.server),
          { ca: caPem, headers: token ? { authorization: `Bearer ${token}` } : {} },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    assert.deepEqual(await get('/livez'), { status: 200, body: 'ok' });
    assert.deepEqual(await get('/readyz'), { status: 200, body: 'ok' });
    assert.equal((await get('/version')).status, 200);
    const denied = await get('/apis/apps/v1/daemonsets');
    assert.equal(denied.status, 401);
    assert.equal((JSON.parse(denied.body) as { reason: string }).reason, 'Unauthorized');
    assert.equal((await get('/apis/apps/v1/daemonsets', 'wrong-token')).status, 401);
  });
});
