import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const dir = resolve(import.meta.dirname, '../../console/src/i18n');

async function catalog(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(dir, name), 'utf8')) as Record<string, unknown>;
}

const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

test('the English and zh-CN catalogues have exactly the same keys', async () => {
  const en = Object.keys(await catalog('en.json')).sort();
  const zh = Object.keys(await catalog('zh-CN.json')).sort();
  assert.deepEqual(
    zh.filter((k) => !en.includes(k)),
    [],
    'keys only in zh-CN',
  );
  assert.deepEqual(
    en.filter((k) => !zh.includes(k)),
    [],
    'keys only in en',
  );
  assert.ok(en.length > 50);
});

test('no catalogue has an empty or non-string message', async () => {
  for (const name of ['en.json', 'zh-CN.json']) {
    for (const [key, value] of Object.entries(await catalog(name))) {
      assert.equal(typeof value, 'string', `${name} ${key}`);
      assert.notEqual((value as string).trim(), '', `${name} ${key} is empty`);
    }
  }
});

test('both catalogues use the same interpolation placeholders for each key', async () => {
  const en = await catalog('en.json');
  const zh = await catalog('zh-CN.json');
  for (const [key, value] of Object.entries(en)) {
    assert.deepEqual(placeholders(String(zh[key])), placeholders(String(value)), key);
  }
});

test('zh-CN follows the glossary: 守护进程 for DaemonSet, 节点 for Node, 容器组 for Pod', async () => {
  const zh = await catalog('zh-CN.json');
  assert.equal(zh['nav.daemonsets'], '守护进程');
  assert.equal(zh['nav.nodes'], '节点');
  assert.equal(zh['detail.pod'], '容器组');
  for (const [key, value] of Object.entries(zh)) {
    // Other translations of DaemonSet (守护进程集, 守护程序) and of Pod (豆荚, 实例) are not used.
    assert.doesNotMatch(String(value), /守护进程集|守护程序|豆荚/, key);
  }
});
