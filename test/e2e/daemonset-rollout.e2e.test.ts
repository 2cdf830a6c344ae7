/**
 * @module Rolling updates with the real kubectl against `everynode up --nodes 3`: `set image` +
 * `rollout status`, `rollout history`, `rollout undo` (with and without `--to-revision`) and
 * `rollout restart`, with the invariant sampler watching every step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from '../../src/api/core/v1/types.ts';
import {
  startEverynodeProcess,
  eventually,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';
import { startInvariantSampler, type InvariantSampler } from '../harness/invariants.ts';

const strategyRollingMaxUnavailable1 = `  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
`;
const strategySurge = `  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
`;

function daemonSet(name: string, image: string, strategy: string): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      name: ${name}
${strategy}  template:
    metadata:
      labels:
        name: ${name}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: ${image}
`;
}

describe('DaemonSet rollouts with kubectl', () => {
  let en: EverynodeProcess;
  let sampler: InvariantSampler | undefined;

  before(async () => {
    en = await startEverynodeProcess({ args: ['--nodes', '3'] });
  });
  after(async () => {
    await sampler?.stop();
    await en.stop();
  });

  const ok = async (args: string[], input?: string, timeoutMs?: number): Promise<string> => {
    const r = await en.kubectl(args, {
      ...(input !== undefined ? { input } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    assert.equal(
      r.code,
      0,
      `kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`,
    );
    return r.stdout;
  };
  const livePods = async (name: string): Promise<Pod[]> => {
    const out = await ok(['get', 'pods', '-l', `name=${name}`, '-o', 'json']);
    return (JSON.parse(out) as { items: Pod[] }).items.filter((p) => !p.metadata.deletionTimestamp);
  };
  const images = async (name: string): Promise<string[]> =>
    (await livePods(name))
      .map((p) => `${p.spec?.nodeName ?? ''}=${p.spec?.containers[0]?.image ?? ''}`)
      .sort();
  const allOn = (image: string): string[] =>
    ['node-1', 'node-2', 'node-3'].map((n) => `${n}=${image}`);
  const waitRolledOut = async (name: string): Promise<string> => {
    const out = await ok(['rollout', 'status', `ds/${name}`, '--timeout=90s'], undefined, 100_000);
    assert.match(out, new RegExp(`daemon set "${name}" successfully rolled out`));
    return out;
  };
  const withSampler = async (name: string, step: () => Promise<void>): Promise<void> => {
    sampler = await startInvariantSampler({
      kubeconfig: en.kubeconfig,
      namespace: 'default',
      name,
    });
    try {
      await step();
    } finally {
      const report = await sampler.stop();
      sampler = undefined;
      assert.ok(report.samples > 0, 'the sampler took no sample');
      assert.deepEqual(report.errors, []);
      assert.deepEqual(report.violations, []);
    }
  };
  const historyRevisions = async (name: string): Promise<string[]> => {
    const out = await ok(['rollout', 'history', `ds/${name}`]);
    assert.match(out, new RegExp(`^daemonset\\.apps/${name}\\s*\\nREVISION\\s+CHANGE-CAUSE\\n`));
    return [...out.matchAll(/^(\d+)\s+<none>$/gm)].map((m) => m[1] ?? '');
  };

  test('set image rolls every pod to the new image and rollout status reports success', async () => {
    await ok(['apply', '-f', '-'], daemonSet('web', 'nginx:1.27', strategyRollingMaxUnavailable1));
    await waitRolledOut('web');
    assert.deepEqual(await images('web'), allOn('nginx:1.27'));
    await withSampler('web', async () => {
      assert.match(
        await ok(['set', 'image', 'ds/web', 'main=nginx:1.28']),
        /daemonset\.apps\/web image updated/,
      );
      const out = await waitRolledOut('web');
      assert.doesNotMatch(out, /error/i);
    });
    assert.deepEqual(await images('web'), allOn('nginx:1.28'));
    assert.match(await ok(['get', 'ds', 'web']), /\nweb\s+3\s+3\s+3\s+3\s+3\s/);
  });

  test('rollout history lists both revisions and shows the template of one', async () => {
    assert.deepEqual(await historyRevisions('web'), ['1', '2']);
    const one = await ok(['rollout', 'history', 'ds/web', '--revision=1']);
    assert.match(one, /with revision #1/);
    assert.match(one, /Image:\s+nginx:1\.27/);
    const missing = await en.kubectl(['rollout', 'history', 'ds/web', '--revision=9']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /unable to find the specified revision/);
  });

  test('rollout undo goes back to the previous image and renumbers its revision', async () => {
    await withSampler('web', async () => {
      assert.match(await ok(['rollout', 'undo', 'ds/web']), /daemonset\.apps\/web rolled back/);
      await waitRolledOut('web');
    });
    assert.deepEqual(await images('web'), allOn('nginx:1.27'));
    assert.deepEqual(await historyRevisions('web'), ['2', '3']);
  });

  test('rollout undo --to-revision picks that revision, and skips when it is already current', async () => {
    await withSampler('web', async () => {
      assert.match(
        await ok(['rollout', 'undo', 'ds/web', '--to-revision=2']),
        /daemonset\.apps\/web rolled back/,
      );
      await waitRolledOut('web');
    });
    assert.deepEqual(await images('web'), allOn('nginx:1.28'));
    assert.deepEqual(await historyRevisions('web'), ['3', '4']);
    const skipped = await ok(['rollout', 'undo', 'ds/web', '--to-revision=4']);
    assert.match(skipped, /skipped rollback \(current template already matches revision 4\)/);
  });

  test('rollout restart replaces every pod', async () => {
    const before = (await livePods('web')).map((p) => p.metadata.uid);
    assert.equal(before.length, 3);
    await withSampler('web', async () => {
      assert.match(await ok(['rollout', 'restart', 'ds/web']), /daemonset\.apps\/web restarted/);
      await waitRolledOut('web');
    });
    const after = await livePods('web');
    assert.equal(after.length, 3);
    for (const p of after)
      assert.ok(!before.includes(p.metadata.uid), `${p.metadata.name} was not replaced`);
    const restartedAt = await ok([
      'get',
      'ds',
      'web',
      '-o',
      'jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}',
    ]);
    assert.match(restartedAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(await historyRevisions('web'), ['3', '4', '5']);
  });

  test('the invariant sampler reports nodes left without an available pod beyond maxUnavailable', async () => {
    // Proves the sampler can fail: deleting two pods by hand leaves two nodes without an
    // available pod for a few seconds (their replacements become Ready only after 3 s).
    await ok(
      ['apply', '-f', '-'],
      daemonSet('probe', 'nginx:1.27', strategyRollingMaxUnavailable1).replace(
        '        name: probe\n    spec:',
        '        name: probe\n      annotations:\n        sim.everynode.io/ready-after: 3s\n    spec:',
      ),
    );
    await waitRolledOut('probe');
    const victims = (await livePods('probe')).slice(0, 2).map((p) => p.metadata.name ?? '');
    const probe = await startInvariantSampler({
      kubeconfig: en.kubeconfig,
      namespace: 'default',
      name: 'probe',
    });
    try {
      await ok(['delete', 'pod', '--wait=false', ...victims]);
      await eventually(async () => {
        const pods = await livePods('probe');
        assert.equal(pods.filter((p) => !victims.includes(p.metadata.name ?? '')).length, 3);
        const ready = pods.filter((p) =>
          p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        );
        assert.equal(ready.length, 3);
      }, 30_000);
    } finally {
      const report = await probe.stop();
      assert.ok(
        report.violations.some((v) =>
          /2 of 3 nodes have no available pod \(maxUnavailable 1\)/.test(v),
        ),
        `violations: ${JSON.stringify(report)}`,
      );
    }
  });

  test('a maxSurge rollout starts the new pod before the old one goes and keeps every node available', async () => {
    await ok(['apply', '-f', '-'], daemonSet('surge', 'redis:7.2', strategySurge));
    await waitRolledOut('surge');
    const before = new Map(
      (await livePods('surge')).map((p) => [p.spec?.nodeName, p.metadata.uid]),
    );
    // With maxUnavailable 0 the checker tolerates no node without an available pod at any sample.
    await withSampler('surge', async () => {
      await ok(['set', 'image', 'ds/surge', 'main=redis:7.4']);
      await waitRolledOut('surge');
    });
    await eventually(async () => assert.deepEqual(await images('surge'), allOn('redis:7.4')));
    for (const p of await livePods('surge'))
      assert.notEqual(p.metadata.uid, before.get(p.spec?.nodeName));
  });

  test('rollout status over HTTP/1.1 exits promptly after success (watch bookmarks)', async () => {
    // kubectl's informer only notices success on the next watch event; over HTTP/1.1 it hangs
    // until one arrives, so the server sends bookmarks (kubectl-wire.md §1 item 3).
    await ok(['apply', '-f', '-'], daemonSet('h1', 'nginx:1.27', strategyRollingMaxUnavailable1));
    await waitRolledOut('h1');
    await ok(['set', 'image', 'ds/h1', 'main=nginx:1.28']);
    const started = Date.now();
    const r = await en.kubectl(['rollout', 'status', 'ds/h1', '--timeout=60s'], {
      env: { GODEBUG: 'http2client=0' },
      timeoutMs: 70_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /daemon set "h1" successfully rolled out/);
    // Rollout itself takes a few seconds; a hang would last until the 60 s timeout.
    assert.ok(Date.now() - started < 30_000, `rollout status took ${Date.now() - started} ms`);
  });
});
