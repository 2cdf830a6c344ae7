/** @module Tests of revision data, hashing, history planning and cleanup. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision } from '../../api/apps/v1/types.ts';
import {
  canonicalJson,
  computeHash,
  getDaemonSetPatch,
  newControllerRevision,
  planHistory,
  revisionMatches,
  revisionsToDelete,
} from './revisions.ts';
import { newDaemonSet } from './testing/fixtures.ts';

const rev = (name: string, revision: number, data: unknown, hash = name): ControllerRevision => ({
  metadata: { name, labels: { 'controller-revision-hash': hash } },
  revision,
  data: data as NonNullable<ControllerRevision['data']>,
});

describe('revision data', () => {
  it('matches the canonical bytes kubectl computes (sorted keys, $patch first, Go zero values)', () => {
    const ds = newDaemonSet('a', (d) => {
      if (d.spec)
        d.spec.template = {
          metadata: { labels: { app: 'a' } },
          spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'nginx' }] },
        };
    });
    assert.equal(
      getDaemonSetPatch(ds),
      '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"a"}},"spec":{"containers":[{"image":"nginx","name":"c","resources":{}}],"restartPolicy":"Always"}}}}',
    );
  });
  it('escapes <, > and & like Go', () => {
    assert.equal(canonicalJson({ b: '<&>', a: 1 }), '{"a":1,"b":"\\u003c\\u0026\\u003e"}');
  });
  it('compares stored data byte-for-byte, so reordered keys do not match', () => {
    const patch = getDaemonSetPatch(newDaemonSet('a'));
    const stored = newControllerRevision(newDaemonSet('a'), 'h', 1, patch);
    assert.equal(revisionMatches(stored, patch), true);
    assert.equal(
      revisionMatches(
        rev('x', 1, { spec: { template: { spec: {}, $patch: 'replace' } } }),
        '{"spec":{"template":{"$patch":"replace","spec":{}}}}',
      ),
      false,
    );
  });
});

describe('computeHash', () => {
  const t = newDaemonSet('a').spec?.template;
  it('is deterministic and uses only the safe alphabet', () => {
    assert.equal(computeHash(t), computeHash(structuredClone(t)));
    assert.match(computeHash(t), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
  it('distinguishes templates, and a nil collision count from 0 and from 1', () => {
    const other = newDaemonSet('b').spec?.template;
    const values = new Set([
      computeHash(t),
      computeHash(other),
      computeHash(t, 0),
      computeHash(t, 1),
    ]);
    assert.equal(values.size, 4);
  });
});

describe('planHistory', () => {
  const patch = '{"p":1}';
  it('keeps the highest matching revision as current and numbers it after the old ones', () => {
    const old1 = rev('o1', 1, { p: 2 });
    const dup = rev('d', 2, { p: 1 });
    const cur = rev('c', 4, { p: 1 });
    const old3 = rev('o3', 3, { p: 3 });
    const plan = planHistory([old1, dup, cur, old3], patch);
    assert.equal(plan.current, cur);
    assert.deepEqual(plan.duplicates, [dup]);
    assert.deepEqual(plan.old, [old1, old3]);
    assert.equal(plan.currRevision, 4);
  });
  it('renumbers a reused old revision to max + 1 on rollback', () => {
    const plan = planHistory([rev('r1', 1, { p: 1 }), rev('r2', 2, { p: 2 })], patch);
    assert.equal(plan.current?.metadata.name, 'r1');
    assert.equal(plan.currRevision, 3);
  });
  it('starts at revision 1 without history', () => {
    const plan = planHistory([], patch);
    assert.equal(plan.current, undefined);
    assert.equal(plan.currRevision, 1);
  });
});

describe('revisionsToDelete', () => {
  const old = [rev('r3', 3, {}), rev('r1', 1, {}), rev('r2', 2, {}), rev('r4', 4, {})];
  it('deletes the lowest revisions beyond the limit', () => {
    assert.deepEqual(
      revisionsToDelete(old, 2, new Set()).map((r) => r.metadata.name),
      ['r1', 'r2'],
    );
  });
  it('skips revisions still used by live pods without reducing the count to delete', () => {
    assert.deepEqual(
      revisionsToDelete(old, 2, new Set(['r1'])).map((r) => r.metadata.name),
      ['r2', 'r3'],
    );
  });
  it('keeps everything within the limit (default 10)', () => {
    assert.deepEqual(revisionsToDelete(old, undefined, new Set()), []);
  });
  it('keeps only pinned revisions with a limit of 0', () => {
    assert.deepEqual(
      revisionsToDelete(old, 0, new Set(['r4'])).map((r) => r.metadata.name),
      ['r1', 'r2', 'r3'],
    );
  });
});

describe('newControllerRevision', () => {
  it('carries template labels, the hash, the DS annotations and a controller reference', () => {
    const ds = newDaemonSet('a');
    const cr = newControllerRevision(ds, 'h1', 2, getDaemonSetPatch(ds));
    assert.equal(cr.metadata.name, 'a-h1');
    assert.deepEqual(cr.metadata.labels, { app: 'a', 'controller-revision-hash': 'h1' });
    assert.deepEqual(cr.metadata.annotations, ds.metadata.annotations);
    assert.equal(cr.metadata.ownerReferences?.[0]?.controller, true);
    assert.equal(cr.revision, 2);
  });
});
