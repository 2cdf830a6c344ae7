/**
 * @module End to end: kubectl's imperative create commands (protobuf bodies from its typed
 * clients) and `kubectl debug --copy-to` against a real `everynode up`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  KUBECTL,
  startEverynodeProcess,
  type EverynodeProcess,
} from '../../../test/harness/everynode-process.ts';

let en: EverynodeProcess | undefined;
const skip = !existsSync(KUBECTL);

before(async () => {
  if (!skip) en = await startEverynodeProcess({ args: ['--nodes', '0'] });
});
after(async () => {
  await en?.stop();
});

/** kubectl runs a command that must succeed and returns its stdout. */
async function kubectl(...args: string[]): Promise<string> {
  if (!en) throw new Error('everynode is not running');
  const result = await en.kubectl(args);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}\n${en.logs()}`);
  return result.stdout;
}

async function getJson(...args: string[]): Promise<Record<string, unknown>> {
  return JSON.parse(await kubectl('get', ...args, '-o', 'json')) as Record<string, unknown>;
}

test(
  'kubectl create namespace, configmap, priorityclass and service clusterip, and run, create the objects',
  { skip },
  async () => {
    assert.match(await kubectl('create', 'namespace', 'pb'), /namespace\/pb created/);
    await kubectl(
      'create',
      'configmap',
      'settings',
      '--from-literal=a=b',
      '--from-literal=c=d',
      '-n',
      'pb',
    );
    await kubectl('create', 'priorityclass', 'important', '--value=1000', '--description=matters');
    await kubectl('create', 'service', 'clusterip', 'web', '--tcp=80:8080', '-n', 'pb');
    await kubectl(
      'run',
      'nginx',
      '--image=nginx',
      '--labels=app=web',
      '--env=A=1',
      '--port=8080',
      '-n',
      'pb',
    );

    const ns = await getJson('namespace', 'pb');
    assert.equal((ns['status'] as { phase?: string }).phase, 'Active');
    const cm = await getJson('configmap', 'settings', '-n', 'pb');
    assert.deepEqual(cm['data'], { a: 'b', c: 'd' });
    const pc = await getJson('priorityclass', 'important');
    assert.equal(pc['value'], 1000);
    assert.equal(pc['description'], 'matters');
    assert.equal(pc['preemptionPolicy'], 'PreemptLowerPriority');
    const svc = await getJson('service', 'web', '-n', 'pb');
    const spec = svc['spec'] as { ports: unknown[]; selector: unknown; type: string };
    assert.deepEqual(spec.ports, [
      { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
    ]);
    assert.deepEqual(spec.selector, { app: 'web' });
    assert.equal(spec.type, 'ClusterIP');
    const pod = await getJson('pod', 'nginx', '-n', 'pb');
    const container = (pod['spec'] as { containers: Record<string, unknown>[] }).containers[0];
    assert.equal(container?.['image'], 'nginx');
    assert.deepEqual(container?.['env'], [{ name: 'A', value: '1' }]);
    assert.deepEqual((pod['metadata'] as { labels: unknown }).labels, { app: 'web' });
  },
);

test('kubectl debug --copy-to creates the copied Pod from a protobuf body', { skip }, async () => {
  await kubectl('create', 'namespace', 'pbdebug');
  await kubectl('run', 'src', '--image=nginx', '--labels=app=src', '-n', 'pbdebug');
  const out = await kubectl(
    ...['debug', 'src', '-n', 'pbdebug', '--copy-to=src-copy', '--image=busybox'],
    ...['--container=dbg', '--attach=false', '--profile=general'],
  );
  assert.doesNotMatch(out, /error/i);
  const copy = await getJson('pod', 'src-copy', '-n', 'pbdebug');
  const names = (copy['spec'] as { containers: { name: string; image: string }[] }).containers;
  assert.deepEqual(
    names.map((c) => [c.name, c.image]),
    [
      ['src', 'nginx'],
      ['dbg', 'busybox'],
    ],
  );
});
