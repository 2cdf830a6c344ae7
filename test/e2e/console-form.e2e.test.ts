/**
 * @module The "create from image" form (seed 000) in Chromium, in Chinese, against a real
 * `everynode up`: field errors block creation, server errors land on their field, and the seed's
 * fluentd DaemonSet created through the form runs on every node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserMissing,
  tap,
  screenshot,
  startConsoleSession,
  type ConsoleSession,
} from '../../console/test/browser.ts';
import { eventually } from '../harness/everynode-process.ts';

describe('console create-from-image form', { skip: browserMissing() }, () => {
  let s: ConsoleSession;
  let page: Page;

  const kubectl = async (...args: string[]): Promise<string> => {
    const r = await s.en.kubectl(args);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const openForm = async (): Promise<void> => {
    await page.goto(`${s.origin}/console/create/form`);
    await page.getByTestId('form-name').waitFor();
  };

  before(async () => {
    s = await startConsoleSession();
    page = await s.newPage('zh-CN');
    await page.goto(s.consoleUrl);
    await page.getByTestId('ds-table').waitFor();
  });

  after(async () => {
    await s?.close();
  });

  test('a bad name and both-zero maxUnavailable/maxSurge are shown on the fields and nothing is created', async () => {
    await openForm();
    await page.getByTestId('form-name').fill('Bad_Name');
    await tap(page.getByTestId('form-step-1'));
    await page.getByTestId('container-image-0').fill('nginx:1.27');
    await tap(page.getByTestId('form-step-3'));
    await page.getByTestId('form-max-unavailable').fill('0');
    await page.getByTestId('form-max-surge').fill('0');
    await page.getByText('maxUnavailable 与 maxSurge 不能同时为 0').first().waitFor();
    await tap(page.getByTestId('form-submit'));
    // Submitting jumps to the first step with an error: the name.
    await page.getByText('只能包含小写字母、数字及“-”', { exact: false }).waitFor();
    await screenshot(page, 'create-form-errors-zh-CN');
    assert.doesNotMatch(await kubectl('get', 'ds', '-A'), /bad/i);
  });

  test('an invalid CPU quantity rejected by the server is shown on the CPU field', async () => {
    await openForm();
    await page.getByTestId('form-name').fill('cpu-check');
    await tap(page.getByTestId('form-step-1'));
    await page.getByTestId('container-image-0').fill('nginx:1.27');
    await page.getByTestId('container-cpuRequest-0').fill('lots');
    await tap(page.getByTestId('form-submit'));
    await page.getByTestId('form-error').waitFor();
    const item = page
      .locator('.ant-form-item')
      .filter({ has: page.getByTestId('container-cpuRequest-0') });
    assert.match(await item.innerText(), /resources\.requests\[cpu\]/);
    assert.equal((await s.en.kubectl(['get', 'ds', 'cpu-check'])).code, 1);
  });

  test('upstream messages for a bad host alias IP and an empty topologyKey are shown on their cells', async () => {
    await openForm();
    await page.getByTestId('form-name').fill('advanced-check');
    await tap(page.getByTestId('form-step-1'));
    await page.getByTestId('container-image-0').fill('nginx:1.27');
    await tap(page.getByTestId('form-step-3'));
    await tap(page.getByTestId('host-alias-add'));
    await page.getByTestId('host-alias-ip-0').fill('not-an-ip');
    await page.getByTestId('host-alias-hostnames-0').fill('db');
    await tap(page.getByTestId('pod-affinity-add'));
    await page.getByTestId('pod-affinity-labelKey-0').fill('app');
    await page.getByTestId('pod-affinity-labelValue-0').fill('db');
    await page.getByTestId('pod-affinity-topologyKey-0').fill('');
    // The automatic daemon tolerations are listed read-only beside the user's.
    assert.match(
      await page.getByTestId('automatic-tolerations').innerText(),
      /node\.kubernetes\.io\/unschedulable/,
    );
    await tap(page.getByTestId('form-submit'));
    await page.getByTestId('form-error').waitFor();
    const cell = (id: string) =>
      page
        .locator('.ant-form-item')
        .filter({ has: page.getByTestId(id) })
        .last();
    assert.match(
      await cell('host-alias-ip-0').innerText(),
      /hostAliases\[0\]\.ip: .*must be a valid IP address/,
    );
    assert.match(
      await cell('pod-affinity-topologyKey-0').innerText(),
      /topologyKey: .*can not be empty/,
    );
    await screenshot(page, 'create-form-advanced-errors-zh-CN');
    assert.equal((await s.en.kubectl(['get', 'ds', 'advanced-check'])).code, 1);
  });

  test("the seed's fluentd DaemonSet made with the form runs on every node", async () => {
    await openForm();
    await page.getByTestId('form-name').fill('fluentd-elasticsearch');
    await tap(page.getByTestId('form-namespace'));
    await tap(page.locator('.ant-select-item-option[title=kube-system]'));
    await page.getByTestId('form-description').fill('日志收集');
    await tap(page.getByTestId('form-next'));
    await page.getByTestId('container-name-0').fill('fluentd-elasticsearch');
    await page
      .getByTestId('container-image-0')
      .fill('quay.io/fluentd_elasticsearch/fluentd:v2.5.2');
    await page.getByTestId('container-cpuRequest-0').fill('100m');
    await page.getByTestId('container-memoryRequest-0').fill('200Mi');
    await page.getByTestId('container-memoryLimit-0').fill('200Mi');
    await tap(page.getByTestId('mount-add-0'));
    await page.getByTestId('mount-name-0-0').fill('varlog');
    await page.getByTestId('mount-host-0-0').fill('/var/log');
    await page.getByTestId('mount-path-0-0').fill('/var/log');
    await tap(page.getByTestId('mount-add-0'));
    await page.getByTestId('mount-name-0-1').fill('varlibdockercontainers');
    await page.getByTestId('mount-host-0-1').fill('/var/lib/docker/containers');
    await page.getByTestId('mount-path-0-1').fill('/var/lib/docker/containers');
    await tap(page.getByTestId('mount-ro-0-1'));
    assert.match(await page.getByTestId('form-preview').innerText(), /readOnly: true/);
    await screenshot(page, 'create-form-zh-CN');
    await tap(page.getByTestId('form-submit'));
    await page.getByTestId('ds-detail-name').waitFor();
    await eventually(async () => {
      const out = await kubectl(
        'get',
        'ds',
        '-n',
        'kube-system',
        'fluentd-elasticsearch',
        '-o',
        'jsonpath={.status.numberReady}/{.status.desiredNumberScheduled}',
      );
      assert.equal(out, '3/3');
    });
    const ds = JSON.parse(
      await kubectl('get', 'ds', '-n', 'kube-system', 'fluentd-elasticsearch', '-o', 'json'),
    );
    assert.equal(ds.metadata.annotations['kubernetes.io/description'], '日志收集');
    assert.deepEqual(ds.spec.updateStrategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    assert.equal(ds.spec.template.spec.volumes[1].hostPath.path, '/var/lib/docker/containers');
    assert.equal(ds.spec.template.spec.containers[0].volumeMounts[1].readOnly, true);
    await tap(page.getByTestId('tab-pods'));
    await page.getByTestId('pods-per-node').locator('tbody tr').nth(2).waitFor();
    await screenshot(page, 'daemonset-detail-zh-CN');
  });
});
