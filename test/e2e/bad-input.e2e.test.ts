/**
 * @module Bad input against a real `everynode up --nodes 0`, over raw HTTPS: every malformed,
 * oversized, mistyped, unauthorised or conflicting request gets a clear `kind: Status` error with
 * the upstream code and reason (never a 500), and the DaemonSet it aimed at is left byte-for-byte
 * unchanged.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { readKubeconfig, type KubeconfigCredentials } from '../../src/cli/kubeconfig.ts';
import {
  startEverynodeProcess,
  eventually,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';

const ns = 'bad-input';
const collection = `/apis/apps/v1/namespaces/${ns}/daemonsets`;
const target = `${collection}/target`;

/** Response of one raw request. */
interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

/** One request to send. */
interface RawRequest {
  method: string;
  path: string;
  body?: string | Buffer;
  contentType?: string;
  /** `null` sends no Authorization header. */
  token?: string | null;
}

/** send performs one HTTPS request trusting the kubeconfig's CA. */
function send(creds: KubeconfigCredentials, r: RawRequest): Promise<RawResponse> {
  const url = new URL(r.path, creds.server);
  const token = r.token === undefined ? creds.token : r.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (r.body !== undefined) {
    headers['content-type'] = r.contentType ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(r.body));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: r.method, ca: creds.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? '',
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    // The server may answer (413) and close before it has read the whole body.
    req.on('error', reject);
    req.end(r.body);
  });
}

/** daemonSet is a valid DaemonSet in the test namespace, as a plain object. */
function daemonSet(name: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      selector: { matchLabels: { name } },
      template: {
        metadata: { labels: { name } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
      },
    },
  };
}

/** A bad request and the error it must produce. */
interface Case {
  title: string;
  request: (stored: Record<string, unknown>) => RawRequest;
  /** Accepted HTTP codes (upstream gives the first; see the case for why others are allowed). */
  codes: number[];
  /** Expected Status reason; '' means the upstream reason for the code returned. */
  reason: string;
  /** Pattern the Status message must match. */
  message?: RegExp;
  /** Extra checks on the decoded Status. */
  check?: (status: Record<string, unknown>) => void;
}

const json = (value: unknown): string => JSON.stringify(value);
const withSpec = (extra: Record<string, unknown>): string => {
  const d = daemonSet('target');
  return json({ ...d, spec: { ...(d['spec'] as object), ...extra } });
};

const cases: Case[] = [
  {
    title: 'malformed JSON on create',
    request: () => ({ method: 'POST', path: collection, body: '{"apiVersion": "apps/v1", ' }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'malformed JSON on update',
    request: () => ({ method: 'PUT', path: target, body: '{"kind": DaemonSet}' }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'malformed YAML on update',
    request: () => ({
      method: 'PUT',
      path: target,
      body: 'apiVersion: apps/v1\nkind: [DaemonSet\nmetadata: {name: target\n',
      contentType: 'application/yaml',
    }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a JSON array where an object is expected',
    request: () => ({ method: 'PUT', path: target, body: '[{"kind":"DaemonSet"}]' }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a JSON string where an object is expected',
    request: () => ({ method: 'POST', path: collection, body: '"DaemonSet"' }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a ConfigMap sent to the DaemonSet endpoint',
    request: () => ({
      method: 'PUT',
      path: target,
      body: json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'target' } }),
    }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a DaemonSet with the wrong apiVersion',
    request: () => ({
      method: 'POST',
      path: collection,
      body: json({ ...daemonSet('wrong-version'), apiVersion: 'v1' }),
    }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'an unknown resource in a known group',
    request: () => ({ method: 'GET', path: `/apis/apps/v1/namespaces/${ns}/widgets` }),
    codes: [404],
    reason: 'NotFound',
  },
  {
    title: 'an unknown API group',
    request: () => ({ method: 'GET', path: '/apis/nosuch.example.com/v1/things' }),
    codes: [404],
    reason: 'NotFound',
  },
  {
    title: 'a body over 3 MiB',
    request: () => ({
      method: 'PUT',
      path: target,
      body: json({
        ...daemonSet('target'),
        metadata: { name: 'target', annotations: { big: 'x'.repeat(3 * 1024 * 1024) } },
      }),
    }),
    codes: [413],
    reason: 'RequestEntityTooLarge',
    message: /limit is 3145728/,
  },
  {
    title: 'an unsupported content type',
    request: () => ({
      method: 'PUT',
      path: target,
      body: json(daemonSet('target')),
      contentType: 'text/plain',
    }),
    codes: [415],
    reason: 'UnsupportedMediaType',
  },
  {
    // Upstream decodes a JSON patch first (an unknown op decodes fine) and applying it fails with
    // 422; a patch that does not decode at all is a 400. Both are accepted for the unknown op.
    title: 'a JSON patch with an unknown op',
    request: () => ({
      method: 'PATCH',
      path: target,
      body: json([{ op: 'frobnicate', path: '/spec/minReadySeconds', value: 1 }]),
      contentType: 'application/json-patch+json',
    }),
    codes: [422, 400],
    reason: '',
  },
  {
    title: 'a JSON patch replacing a path that does not exist',
    request: () => ({
      method: 'PATCH',
      path: target,
      body: json([{ op: 'replace', path: '/spec/nope/deeper', value: 1 }]),
      contentType: 'application/json-patch+json',
    }),
    codes: [422],
    reason: '',
  },
  {
    title: 'a JSON patch that is an object instead of a list of operations',
    request: () => ({
      method: 'PATCH',
      path: target,
      body: json({ op: 'add', path: '/spec/minReadySeconds', value: 1 }),
      contentType: 'application/json-patch+json',
    }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a merge patch that is not an object',
    request: () => ({
      method: 'PATCH',
      path: target,
      body: '[1, 2]',
      contentType: 'application/merge-patch+json',
    }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a strategic merge patch with an unknown $patch directive',
    request: () => ({
      method: 'PATCH',
      path: target,
      body: json({ spec: { template: { spec: { $patch: 'explode' } } } }),
      contentType: 'application/strategic-merge-patch+json',
    }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'an unknown field with fieldValidation=Strict',
    request: () => ({
      method: 'PUT',
      path: `${target}?fieldValidation=Strict`,
      body: withSpec({ bogusField: true }),
    }),
    codes: [400],
    reason: 'BadRequest',
    message: /unknown field "spec\.bogusField"/,
  },
  {
    title: 'a PUT with a stale resourceVersion',
    request: (stored) => {
      const meta = stored['metadata'] as Record<string, unknown>;
      const body = { ...stored, metadata: { ...meta, resourceVersion: '1' } };
      return { method: 'PUT', path: target, body: json(body) };
    },
    codes: [409],
    reason: 'Conflict',
    message: /the object has been modified/,
  },
  {
    title: 'an invalid DaemonSet update',
    request: (stored) => {
      const spec = stored['spec'] as Record<string, unknown>;
      return {
        method: 'PUT',
        path: target,
        body: json({
          ...stored,
          spec: { ...spec, minReadySeconds: -5, selector: { matchLabels: { other: 'x' } } },
        }),
      };
    },
    codes: [422],
    reason: 'Invalid',
    check: (status) => {
      const details = status['details'] as { causes?: { field?: string }[]; kind?: string };
      assert.equal(details.kind, 'DaemonSet');
      const fields = (details.causes ?? []).map((c) => c.field);
      assert.ok(fields.includes('spec.minReadySeconds'), `causes: ${json(details.causes)}`);
    },
  },
  {
    title: 'an invalid DaemonSet create',
    request: () => ({
      method: 'POST',
      path: collection,
      body: json({ ...daemonSet('invalid'), spec: { selector: { matchLabels: { a: 'b' } } } }),
    }),
    codes: [422],
    reason: 'Invalid',
    check: (status) => {
      const details = status['details'] as { causes?: unknown[]; name?: string };
      assert.equal(details.name, 'invalid');
      assert.ok((details.causes ?? []).length > 0, 'causes list each field error');
    },
  },
  {
    title: 'a malformed labelSelector',
    request: () => ({
      method: 'GET',
      path: `${collection}?labelSelector=${encodeURIComponent('app in (a')}`,
    }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'an unsupported fieldSelector',
    request: () => ({ method: 'GET', path: `${collection}?fieldSelector=spec.nope%3Dx` }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a non-numeric resourceVersion on list',
    request: () => ({ method: 'GET', path: `${collection}?resourceVersion=abc` }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a non-numeric resourceVersion on watch',
    request: () => ({ method: 'GET', path: `${collection}?watch=true&resourceVersion=abc` }),
    codes: [400],
    reason: 'BadRequest',
  },
  {
    title: 'a request without a token',
    request: () => ({ method: 'DELETE', path: target, token: null }),
    codes: [401],
    reason: 'Unauthorized',
  },
  {
    title: 'a request with a wrong token',
    request: () => ({ method: 'DELETE', path: target, token: 'not-the-token' }),
    codes: [401],
    reason: 'Unauthorized',
  },
  {
    title: 'a PUT whose body names another object than the URL',
    request: (stored) => {
      const meta = stored['metadata'] as Record<string, unknown>;
      return {
        method: 'PUT',
        path: target,
        body: json({ ...stored, metadata: { ...meta, name: 'other' } }),
      };
    },
    codes: [400],
    reason: 'BadRequest',
    message: /does not match the name on the URL/,
  },
  {
    title: 'deleting an object that does not exist',
    request: () => ({ method: 'DELETE', path: `${collection}/missing` }),
    codes: [404],
    reason: 'NotFound',
    message: /daemonsets\.apps "missing" not found/,
  },
];

describe('bad input against everynode', () => {
  let en: EverynodeProcess;
  let creds: KubeconfigCredentials;
  let before$: RawResponse;

  before(async () => {
    en = await startEverynodeProcess({ args: ['--nodes', '0'] });
    creds = await readKubeconfig(en.kubeconfig);
    const nsBody = json({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const made = await send(creds, { method: 'POST', path: '/api/v1/namespaces', body: nsBody });
    assert.equal(made.status, 201, made.text);
    const ds = await send(creds, {
      method: 'POST',
      path: collection,
      body: json(daemonSet('target')),
    });
    assert.equal(ds.status, 201, ds.text);
    // The DaemonSet controller writes status once (observedGeneration); wait for it so the
    // snapshot below is not raced by a legitimate write.
    before$ = await eventually(async () => {
      const r = await send(creds, { method: 'GET', path: target });
      const d = JSON.parse(r.text) as { status?: { observedGeneration?: number } };
      assert.equal(d.status?.observedGeneration, 1);
      return r;
    });
  });
  after(async () => {
    await en?.stop();
  });

  test('every bad request gets a clear Status error and leaves the target unchanged', async () => {
    const stored = JSON.parse(before$.text) as Record<string, unknown>;
    const original = before$;
    const failures: string[] = [];
    for (const c of cases) {
      const res = await send(creds, c.request(stored));
      try {
        assertStatus(res, c);
      } catch (e: unknown) {
        failures.push(`${c.title}: ${e instanceof Error ? e.message : String(e)}`);
      }
      // Checked after every case so a write that slipped through is blamed on the right request.
      const now = await send(creds, { method: 'GET', path: target });
      if (now.text !== before$.text) {
        failures.push(`${c.title}: changed the stored DaemonSet (rv ${rv(before$)} -> ${rv(now)})`);
        before$ = now;
      }
    }
    const final = await send(creds, { method: 'GET', path: target });
    if (rv(final) !== rv(original) || final.text !== original.text) {
      failures.push(`after the whole sequence: rv ${rv(original)} -> ${rv(final)}, JSON differs`);
    }
    const list = await send(creds, { method: 'GET', path: collection });
    const names = (JSON.parse(list.text) as { items: { metadata: { name: string } }[] }).items.map(
      (i) => i.metadata.name,
    );
    if (names.join() !== 'target') failures.push(`failed creates stored objects: ${names.join()}`);
    assert.deepEqual(failures, [], `failing cases:\n${failures.join('\n\n')}`);
  });

  test('the server is still healthy after the bad requests', async () => {
    const r = await send(creds, { method: 'GET', path: '/readyz' });
    assert.equal(r.status, 200, r.text);
  });
});

/** rv is the resourceVersion of a stored object's JSON. */
function rv(r: RawResponse): string {
  return (JSON.parse(r.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
}

const reasonForCode: Record<number, string> = { 400: 'BadRequest', 422: 'Invalid' };

/** assertStatus checks one response against its case: code, Status shape, reason, message. */
function assertStatus(res: RawResponse, c: Case): void {
  assert.ok(
    c.codes.includes(res.status),
    `HTTP ${res.status} (want ${c.codes.join('/')}): ${res.text.slice(0, 300)}`,
  );
  assert.match(res.contentType, /^application\/json/, `content-type ${res.contentType}`);
  const status = JSON.parse(res.text) as Record<string, unknown>;
  assert.equal(status['kind'], 'Status');
  assert.equal(status['apiVersion'], 'v1');
  assert.equal(status['status'], 'Failure');
  assert.equal(status['code'], res.status);
  const reason = status['reason'];
  // An empty expected reason means "the reason upstream gives for the code" (NewGenericServerResponse).
  assert.equal(reason, c.reason !== '' ? c.reason : reasonForCode[res.status]);
  const message = status['message'];
  assert.ok(typeof message === 'string' && message.length > 0, 'a message is given');
  if (c.message) assert.match(message, c.message);
  c.check?.(status);
}
