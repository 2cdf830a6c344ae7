/** @module Tests for writeKubeconfig / readKubeconfig, checked against the real kubectl. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readKubeconfig, writeKubeconfig } from './kubeconfig.ts';

const kubectl = '/usr/bin/kubectl';
const caPem = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'everynode-kubeconfig-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('writeKubeconfig creates parent directories and a 0600 file that readKubeconfig reads back', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'a', 'b', 'config');
    await writeKubeconfig({ path, server: 'https://127.0.0.1:6443', caPem, token: 'tok-1' });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readKubeconfig(path), {
      server: 'https://127.0.0.1:6443',
      caPem,
      token: 'tok-1',
    });
  });
});

test('rewriting a kubeconfig replaces its credentials', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'config');
    await writeKubeconfig({ path, server: 'https://127.0.0.1:1', caPem, token: 'old' });
    await writeKubeconfig({ path, server: 'https://127.0.0.1:2', caPem, token: 'new' });
    const read = await readKubeconfig(path);
    assert.equal(read.server, 'https://127.0.0.1:2');
    assert.equal(read.token, 'new');
  });
});

test('readKubeconfig follows current-context and reads a CA given as a file', async () => {
  await withTempDir(async (dir) => {
    const caFile = join(dir, 'ca.crt');
    await writeFile(caFile, caPem);
    const path = join(dir, 'config');
    await writeFile(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: second',
        'clusters:',
        '- name: c1',
        '  cluster: { server: "https://one", certificate-authority-data: "eA==" }',
        `- name: c2`,
        `  cluster: { server: "https://two", certificate-authority: "${caFile}" }`,
        'users:',
        '- { name: u1, user: { token: t1 } }',
        '- { name: u2, user: { token: t2 } }',
        'contexts:',
        '- { name: first, context: { cluster: c1, user: u1 } }',
        '- { name: second, context: { cluster: c2, user: u2 } }',
      ].join('\n'),
    );
    assert.deepEqual(await readKubeconfig(path), { server: 'https://two', caPem, token: 't2' });
  });
});

test('readKubeconfig rejects a kubeconfig without a token', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'config');
    await writeFile(
      path,
      'current-context: x\nclusters: [{name: x, cluster: {server: "https://s", certificate-authority-data: "eA=="}}]\nusers: [{name: x, user: {}}]\ncontexts: [{name: x, context: {cluster: x, user: x}}]\n',
    );
    await assert.rejects(readKubeconfig(path), /needs a server, certificate authority and token/);
  });
});

test(
  'kubectl reads the kubeconfig: current context, server, embedded CA and token',
  { skip: !existsSync(kubectl) },
  async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'kube', 'config');
      await writeKubeconfig({
        path,
        server: 'https://127.0.0.1:6443',
        caPem,
        token: 'secret-token',
        name: 'everynode',
      });
      const { stdout } = await promisify(execFile)(
        kubectl,
        ['config', 'view', '--kubeconfig', path, '--raw', '-o', 'json'],
        { env: { ...process.env, HOME: dir }, timeout: 20_000 },
      );
      const view = JSON.parse(stdout);
      assert.equal(view['current-context'], 'everynode');
      assert.equal(view.clusters[0].name, 'everynode');
      assert.equal(view.clusters[0].cluster.server, 'https://127.0.0.1:6443');
      assert.equal(
        Buffer.from(view.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
        caPem,
      );
      assert.equal(view.users[0].user.token, 'secret-token');
      assert.deepEqual(view.contexts[0].context, { cluster: 'everynode', user: 'everynode' });
      assert.match(await readFile(path, 'utf8'), /current-context: everynode/);
    });
  },
);
