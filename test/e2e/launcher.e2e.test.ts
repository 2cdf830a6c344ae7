/** @module `everynode up` re-runs itself with tuned heap settings, and Ctrl-C still stops it cleanly. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { SemiSpaceMiB } from '../../src/process/node-flags.ts';
import { startEverynodeProcess } from '../harness/everynode-process.ts';

test('up runs the server with the heap flags; Ctrl-C (to launcher and server) stops it cleanly', async () => {
  const en = await startEverynodeProcess({
    args: ['--nodes', '1', '--no-console'],
    launcher: true,
  });
  try {
    const children = (await readFile(`/proc/${en.pid}/task/${en.pid}/children`, 'utf8')).trim();
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
    assert.equal(await en.stop({ signal: 'SIGINT' }), 0, en.logs());
    assert.match(en.logs(), /everynode stopped/);
    assert.doesNotMatch(en.logs(), /exiting without cleanup/);
  } finally {
    await en.stop({ signal: 'SIGKILL' });
  }
});
