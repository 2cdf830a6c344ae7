/** Tests of the fake runtime's scripted container state machine. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../api/core/v1/types.ts';
import { FakeClock } from '../../../lib/clock.ts';
import { createFakeRuntime } from './fake-runtime.ts';

function pod(
  annotations: Record<string, string> = {},
  extra: Partial<NonNullable<Pod['spec']>> = {},
): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'uid-1', annotations },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...extra },
  };
}

async function drain(
  it: AsyncIterable<string>,
  clock: FakeClock,
  ticks: number,
  ac: AbortController,
): Promise<string[]> {
  const out: string[] = [];
  const iter = it[Symbol.asyncIterator]();
  out.push(String((await iter.next()).value));
  for (let i = 0; i < ticks; i++) {
    const next = iter.next();
    while (clock.pendingSleepers === 0) await new Promise<void>((r) => setImmediate(r));
    clock.advance(1000);
    out.push(String((await next).value));
  }
  ac.abort();
  assert.equal((await iter.next()).done, true);
  return out;
}

test('a container runs at once and becomes ready after the default ready-after', async () => {
  const clock = new FakeClock();
  const rt = createFakeRuntime({ clock, readyAfterMs: 200 });
  await rt.start(pod());
  let s = rt.status('uid-1');
  assert.equal(s?.phase, 'Running');
  assert.equal(s?.ready, false);
  assert.ok(s?.containerStatuses[0]?.state?.running);
  assert.equal(s?.nextChangeAt, clock.now() + 200);
  clock.advance(200);
  s = rt.status('uid-1');
  assert.equal(s?.ready, true);
  assert.equal(s?.containerStatuses[0]?.ready, true);
  assert.match(s?.containerStatuses[0]?.containerID ?? '', /^everynode-sim:\/\/[0-9a-f]{64}$/);
  assert.equal(s?.nextChangeAt, undefined, 'a ready long-running container does not change');
  assert.deepEqual(rt.list(), ['uid-1']);
});

test('the ready-after annotation overrides the default and never-ready stays unready', async () => {
  const clock = new FakeClock();
  const rt = createFakeRuntime({ clock });
  await rt.start(pod({ 'sim.everynode.io/ready-after': '2s' }));
  clock.advance(1999);
  assert.equal(rt.status('uid-1')?.ready, false);
  clock.advance(1);
  assert.equal(rt.status('uid-1')?.ready, true);
  const nr = {
    ...pod({ 'sim.everynode.io/never-ready': 'true' }),
    metadata: { name: 'q', uid: 'uid-2', annotations: { 'sim.everynode.io/never-ready': 'true' } },
  };
  await rt.start(nr);
  clock.advance(3_600_000);
  const s = rt.status('uid-2');
  assert.equal(s?.phase, 'Running');
  assert.equal(s?.ready, false);
  assert.equal(s?.containerStatuses[0]?.started, true);
});

test('a crashing container loops with a doubling CrashLoopBackOff and counts restarts', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const rt = createFakeRuntime({ clock, crashAfterMs: 2000 });
  await rt.start(pod({ 'sim.everynode.io/crash': 'true' }));
  clock.advance(2000);
  let c = rt.status('uid-1')?.containerStatuses[0];
  assert.equal(c?.state?.waiting?.reason, 'CrashLoopBackOff');
  assert.match(
    c?.state?.waiting?.message ?? '',
    /^back-off 10s restarting failed container=c pod=p_default\(uid-1\)$/,
  );
  assert.equal(c?.lastState?.terminated?.exitCode, 1);
  assert.equal(c?.lastState?.terminated?.reason, 'Error');
  assert.equal(c?.restartCount, 0);
  assert.equal(rt.status('uid-1')?.nextChangeAt, t0 + 12_000);
  clock.advance(10_000);
  c = rt.status('uid-1')?.containerStatuses[0];
  assert.ok(c?.state?.running, 'restarted after 10 s');
  assert.equal(c?.restartCount, 1);
  assert.equal(c?.lastState?.terminated?.exitCode, 1);
  clock.advance(2000);
  assert.match(
    rt.status('uid-1')?.containerStatuses[0]?.state?.waiting?.message ?? '',
    /^back-off 20s /,
  );
  // Much later the backoff is capped at 5 minutes and the count keeps growing.
  clock.advance(3_600_000);
  c = rt.status('uid-1')?.containerStatuses[0];
  assert.ok((c?.restartCount ?? 0) >= 10);
  const s = rt.status('uid-1');
  assert.ok((s?.nextChangeAt ?? Infinity) - clock.now() <= 300_000 + 2000);
  assert.equal(s?.phase, 'Running');
});

test('a crashing container with restartPolicy Never fails the pod; complete-after succeeds it', async () => {
  const clock = new FakeClock();
  const rt = createFakeRuntime({ clock, crashAfterMs: 500 });
  await rt.start(pod({ 'sim.everynode.io/crash': 'true' }, { restartPolicy: 'Never' }));
  clock.advance(500);
  const s = rt.status('uid-1');
  assert.equal(s?.phase, 'Failed');
  assert.equal(s?.containerStatuses[0]?.state?.terminated?.exitCode, 1);
  assert.equal(s?.nextChangeAt, undefined);
  const ok: Pod = {
    ...pod({ 'sim.everynode.io/complete-after': '1s' }, { restartPolicy: 'OnFailure' }),
  };
  ok.metadata.uid = 'uid-2';
  await rt.start(ok);
  clock.advance(1000);
  assert.equal(rt.status('uid-2')?.phase, 'Succeeded');
  assert.equal(rt.status('uid-2')?.containerStatuses[0]?.state?.terminated?.reason, 'Completed');
});

test('an image that never pulls shows ErrImagePull then ImagePullBackOff and stays Pending', async () => {
  const clock = new FakeClock();
  const rt = createFakeRuntime({ clock });
  await rt.start(pod({ 'sim.everynode.io/image-pull-error': 'true' }));
  let c = rt.status('uid-1')?.containerStatuses[0];
  assert.equal(c?.state?.waiting?.reason, 'ErrImagePull');
  assert.equal(rt.status('uid-1')?.phase, 'Pending');
  clock.advance(1000);
  c = rt.status('uid-1')?.containerStatuses[0];
  assert.equal(c?.state?.waiting?.reason, 'ImagePullBackOff');
  assert.equal(c?.state?.waiting?.message, 'Back-off pulling image "nginx:1.27"');
  clock.advance(10_000);
  assert.equal(
    rt.status('uid-1')?.containerStatuses[0]?.state?.waiting?.reason,
    'ErrImagePull',
    'retries after 10 s',
  );
  assert.equal(rt.status('uid-1')?.ready, false);
});

test('init containers complete in order before regular containers start', async () => {
  const clock = new FakeClock();
  const rt = createFakeRuntime({ clock, initRunMs: 100, readyAfterMs: 0 });
  await rt.start(
    pod(
      {},
      {
        initContainers: [
          { name: 'i1', image: 'busybox' },
          { name: 'i2', image: 'busybox' },
        ],
      },
    ),
  );
  let s = rt.status('uid-1');
  assert.equal(s?.initialized, false);
  assert.equal(s?.phase, 'Pending');
  assert.ok(s?.initContainerStatuses[0]?.state?.running);
  assert.equal(s?.initContainerStatuses[1]?.state?.waiting?.reason, 'PodInitializing');
  assert.equal(s?.containerStatuses[0]?.state?.waiting?.reason, 'PodInitializing');
  clock.advance(200);
  s = rt.status('uid-1');
  assert.equal(s?.initialized, true);
  assert.equal(s?.initContainerStatuses[1]?.state?.terminated?.reason, 'Completed');
  assert.equal(s?.phase, 'Running');
  assert.equal(s?.ready, true);
});

test('stop waits at most the capped grace period and leaves every container terminated', async () => {
  const clock = new FakeClock();
  const rt = createFakeRuntime({ clock, maxStopMs: 1000 });
  await rt.start(pod());
  clock.advance(500);
  let stopped = false;
  const p = rt.stop('uid-1', 30_000).then(() => (stopped = true));
  while (clock.pendingSleepers === 0) await new Promise<void>((r) => setImmediate(r));
  clock.advance(999);
  await new Promise<void>((r) => setImmediate(r));
  assert.equal(stopped, false);
  clock.advance(1);
  await p;
  const s = rt.status('uid-1');
  assert.equal(s?.stopped, true);
  assert.equal(s?.phase, 'Succeeded');
  assert.equal(s?.containerStatuses[0]?.state?.terminated?.reason, 'Completed');
  assert.equal(s?.containerStatuses[0]?.ready, false);
  rt.remove('uid-1');
  assert.equal(rt.status('uid-1'), undefined);
});

test('logs show the startup lines, honour tailLines and timestamps, and follow one line a second', async () => {
  const clock = new FakeClock();
  const rt = createFakeRuntime({ clock, readyAfterMs: 200 });
  await rt.start(pod());
  clock.advance(300);
  const ac = new AbortController();
  const base = {
    container: 'c',
    follow: false,
    timestamps: false,
    previous: false,
    signal: ac.signal,
  };
  const text = await rt.logs('uid-1', base);
  assert.equal(
    text,
    '[everynode-sim] starting container c (image nginx:1.27, restart 0)\n[everynode-sim] c is ready\n',
  );
  assert.equal(
    await rt.logs('uid-1', { ...base, tailLines: 1, timestamps: true }),
    '2026-01-01T00:00:00.200000000Z [everynode-sim] c is ready\n',
  );
  assert.equal(await rt.logs('uid-1', { ...base, container: 'nope' }), undefined);
  assert.equal(await rt.logs('uid-1', { ...base, previous: true }), undefined, 'no previous run');
  const stream = await rt.logs('uid-1', { ...base, follow: true });
  assert.ok(stream && typeof stream !== 'string');
  const lines = await drain(stream, clock, 2, ac);
  assert.deepEqual(lines.slice(1), [
    '[everynode-sim] c heartbeat 1\n',
    '[everynode-sim] c heartbeat 2\n',
  ]);
});

test('previous logs show the crashed run', async () => {
  const clock = new FakeClock();
  const rt = createFakeRuntime({ clock, crashAfterMs: 1000 });
  await rt.start(pod({ 'sim.everynode.io/crash': 'true' }));
  clock.advance(11_500);
  const signal = new AbortController().signal;
  const prev = await rt.logs('uid-1', {
    container: 'c',
    follow: false,
    timestamps: false,
    previous: true,
    signal,
  });
  assert.match(prev as string, /restart 0\)\n.*\n\[everynode-sim\] fatal: simulated crash/);
  const cur = await rt.logs('uid-1', {
    container: 'c',
    follow: false,
    timestamps: false,
    previous: false,
    signal,
  });
  assert.match(cur as string, /restart 1\)/);
});
