/** @module Tests of the driver registry: URL parsing and picking a driver by scheme. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryBackend } from './memory/memory-backend.ts';
import { openBackend, parseBackendUrl, registerBackend, registeredSchemes } from './registry.ts';
import './drivers.ts';

test('parses absolute and relative sqlite URLs and their parameters', () => {
  const abs = parseBackendUrl('sqlite:///var/lib/db.sqlite?maxBatch=10');
  assert.equal(abs.scheme, 'sqlite');
  assert.equal(abs.location, '/var/lib/db.sqlite');
  assert.equal(abs.params.get('maxBatch'), '10');
  assert.equal(parseBackendUrl('sqlite://data/db').location, 'data/db');
  assert.equal(parseBackendUrl('memory://').location, '');
  assert.throws(() => parseBackendUrl('/just/a/path'), /<scheme>:\/\/<location>/);
});

test('the built-in drivers register themselves', () => {
  assert.ok(registeredSchemes().includes('memory'));
  assert.ok(registeredSchemes().includes('sqlite'));
});

test('openBackend picks the factory registered for the scheme', async () => {
  const targets: string[] = [];
  registerBackend('fake-test', (target) => {
    targets.push(target.location);
    return Promise.resolve(createMemoryBackend());
  });
  const b = await openBackend('fake-test://somewhere');
  assert.deepEqual(targets, ['somewhere']);
  await b.close();
  const mem = await openBackend('memory://');
  assert.equal((await mem.create('/a', '1')).modRevision, 1);
  await mem.close();
  await assert.rejects(openBackend('memory://?nope=1'), /unsupported parameter "nope"/);
  await assert.rejects(openBackend('nosuch://x'), /unknown storage scheme "nosuch"/);
});
