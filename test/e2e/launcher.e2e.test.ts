/** @module `everynode up` re-runs itself with tuned heap settings, and Ctrl-C still stops it cleanly. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { SemiSpaceMiB, TunedEnv } from '../../src/process/node-flags.ts';

const root = resolve(import.meta.dirname, '../..');

test('up runs the server with the heap flags; Ctrl-C (to launcher and server) stops it cleanly', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'everynode-launcher-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[TunedEnv];
  const launcher = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src/bin/everynode.ts'),
      'up',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--nodes',
      '1',
      '--no-console',
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  launcher.stdout.on('data', (d: Buffer) => (out += d.toString()));
  launcher.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) => launcher.once('exit', (code) => res(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!out.includes('everynode is up')) {
      assert.ok(Date.now() < deadline, `not up in time:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const pid = launcher.pid ?? -1;
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim();
    const server = Number(children.split(/\s+/)[0]);
    assert.ok(server > 0, 'the server runs as the launcher’s child');
    const cmdline = (await readFile(`/proc/${server}/cmdline`, 'utf8')).split('\0');
    assert.ok(cmdline.includes(`--max-semi-space-size=${SemiSpaceMiB}`), cmdline.join(' '));
    assert.ok(
      cmdline.some((a) => a.startsWith('--max-old-space-size=')),
      cmdline.join(' '),
    );
    // A terminal's Ctrl-C reaches the whole process group; the launcher passes it on as well.
    process.kill(server, 'SIGINT');
    launcher.kill('SIGINT');
    assert.equal(await exited, 0, out);
    assert.match(out, /everynode stopped/);
    assert.doesNotMatch(out, /exiting without cleanup/);
  } finally {
    launcher.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});
