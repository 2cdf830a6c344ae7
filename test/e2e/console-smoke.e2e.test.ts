/**
 * @module The console against a real `everynode up` in Debian's Chromium: the printed URL signs in,
 * the DaemonSet list shows kubectl's numbers, and a change made with kubectl appears without reload.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  browserMissing,
  tap,
  screenshot,
  startConsoleSession,
  type ConsoleSession,
} from '../../console/test/browser.ts';
import { eventually } from '../harness/everynode-process.ts';

const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: smoke-agent
  namespace: default
  annotations:
    kubernetes.io/description: log shipper for the smoke test
spec:
  selector:
    matchLabels: { app: smoke-agent }
  template:
    metadata:
      labels: { app: smoke-agent }
    spec:
      containers:
        - name: agent
          image: busybox:1.36
`;

describe('console smoke', { skip: browserMissing() }, () => {
  let s: ConsoleSession;

  before(async () => {
    s = await startConsoleSession();
    const r = await s.en.kubectl(['apply', '-f', '-'], { input: manifest });
    assert.equal(r.code, 0, r.stderr);
  });

  after(async () => {
    await s?.close();
  });

  test('the printed console URL signs in and the DaemonSet list shows the rollout live', async () => {
    const page = await s.newPage('en');
    await page.goto(s.consoleUrl);
    // The token leaves the address bar at once.
    await page.waitForURL((u) => !u.hash.includes('token='));
    const row = page.getByTestId('ds-row-smoke-agent');
    await row.waitFor();
    assert.match(await row.innerText(), /log shipper for the smoke test/);
    await eventually(async () => {
      assert.equal(await row.getByTestId('ds-ready').innerText(), '3');
      assert.equal(await row.getByTestId('ds-status').getAttribute('data-phase'), 'running');
    });
    assert.equal(await page.getByTestId('connection-state').getAttribute('data-state'), 'live');
    await screenshot(page, 'daemonsets-en');

    // kubectl changes the image: the open page follows through its watch, no reload.
    const set = await s.en.kubectl(['set', 'image', 'ds/smoke-agent', 'agent=busybox:1.37']);
    assert.equal(set.code, 0, set.stderr);
    await eventually(async () => {
      assert.equal(await row.getByTestId('ds-images').innerText(), 'busybox:1.37');
    });
    await eventually(async () => {
      assert.equal(await row.getByTestId('ds-updated').innerText(), '3');
    });
    await row.getByTestId('ds-link-smoke-agent').click();
    await tap(page.getByTestId('tab-pods'));
    await page.getByTestId('pods-per-node').locator('tbody tr').nth(2).waitFor();
    await screenshot(page, 'daemonset-detail-en');
  });

  test('signing in with the token on the sign-in page works in Chinese', async () => {
    const page = await s.newPage('zh-CN');
    await page.goto(`${s.origin}/console/daemonsets`);
    const token = new URL(s.consoleUrl).hash.replace('#token=', '');
    await page.getByTestId('token-input').fill('wrong-token');
    await tap(page.getByTestId('sign-in'));
    await page.getByText('登录失败', { exact: false }).waitFor();
    await page.getByTestId('token-input').fill(token);
    await tap(page.getByTestId('sign-in'));
    await page.getByTestId('ds-row-smoke-agent').waitFor();
    assert.ok(await page.getByRole('heading', { name: '守护进程' }).isVisible());
    await screenshot(page, 'daemonsets-zh-CN');
    await tap(page.getByTestId('nav-nodes'));
    await page.getByTestId('node-table').locator('tbody tr').nth(2).waitFor();
    assert.ok(await page.getByRole('heading', { name: '节点' }).isVisible());
    await screenshot(page, 'nodes-zh-CN');
  });
});
