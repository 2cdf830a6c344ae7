/**
 * @module Edit (form) in Chromium against a real `everynode up`, in English and Chinese: the form
 * opens prefilled from the DaemonSet, a new image is sent as an update, and the detail page's
 * counters follow the rollout live (no reload) until it completes.
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
  type PageGlobals,
} from '../../console/test/browser.ts';

const agent = (name: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
  namespace: default
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: main
          image: nginx:1.26
          ports: [{ containerPort: 80 }]
`;

/** watchCounter records, inside the page, every value the counter shows from now on. */
async function watchCounter(page: Page, id: string): Promise<void> {
  await page.evaluate((testId) => {
    const g = globalThis as unknown as PageGlobals;
    const el = g.document.querySelector(`[data-testid=${testId}] .ant-statistic-content-value`);
    if (!el) throw new Error(`no ${testId}`);
    const values = [el.textContent];
    g[`seen-${testId}`] = values;
    new g.MutationObserver(() => {
      if (values[values.length - 1] !== el.textContent) values.push(el.textContent);
    }).observe(el, { subtree: true, childList: true, characterData: true });
  }, id);
}

async function seen(page: Page, id: string): Promise<string[]> {
  return page.evaluate(
    (testId) => ((globalThis as unknown as PageGlobals)[`seen-${testId}`] ?? []) as string[],
    id,
  );
}

for (const locale of ['en', 'zh-CN'] as const) {
  describe(`console edit form (${locale})`, { skip: browserMissing() }, () => {
    let s: ConsoleSession;
    let page: Page;
    const name = `edit-${locale.toLowerCase()}`;

    const kubectl = async (...args: string[]): Promise<string> => {
      const r = await s.en.kubectl(args);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };

    before(async () => {
      s = await startConsoleSession();
      const r = await s.en.kubectl(['apply', '-f', '-'], { input: agent(name) });
      assert.equal(r.code, 0, r.stderr);
      await kubectl('rollout', 'status', `ds/${name}`, '--timeout=60s');
      page = await s.newPage(locale);
      await page.goto(s.consoleUrl);
      await page.getByTestId(`ds-row-${name}`).waitFor();
    });

    after(async () => {
      await s?.close();
    });

    test('a new image set in the edit form rolls out and the detail page follows it live', async () => {
      await tap(page.getByTestId(`actions-${name}`));
      await tap(page.getByTestId('action-edit-form'));
      // Prefilled from the object; the name cannot change.
      const nameInput = page.getByTestId('form-name');
      assert.equal(await nameInput.inputValue(), name);
      assert.equal(await nameInput.isDisabled(), true);
      await tap(page.getByTestId('form-step-1'));
      const image = page.getByTestId('container-image-0');
      assert.equal(await image.inputValue(), 'nginx:1.26');
      await image.fill('nginx:1.27');
      // Slow the rollout down a little so that it has visible steps: one node at a time anyway.
      await tap(page.getByTestId('form-step-3'));
      await page.getByTestId('form-min-ready').fill('1');
      assert.match(await page.getByTestId('form-preview').innerText(), /containerPort: 80/);
      await screenshot(page, `edit-form-${locale}`);
      // A marker that a reload would wipe.
      await page.evaluate(() => {
        (globalThis as unknown as PageGlobals)['noReload'] = true;
      });
      await tap(page.getByTestId('form-submit'));
      await page.getByTestId('ds-detail-name').waitFor();
      await page.getByTestId('count-updated').waitFor();
      await watchCounter(page, 'count-updated');
      await watchCounter(page, 'count-available');
      // The rollout completes, shown by the page itself.
      await page
        .locator('[data-testid=count-updated] .ant-statistic-content-value', { hasText: /^3$/ })
        .waitFor({ timeout: 60_000 });
      await page
        .locator('[data-testid=count-available] .ant-statistic-content-value', { hasText: /^3$/ })
        .waitFor({ timeout: 60_000 });
      await kubectl('rollout', 'status', `ds/${name}`, '--timeout=60s');
      const updated = await seen(page, 'count-updated');
      // It went up through the intermediate counts, not straight from a reload.
      assert.ok(
        updated.some((v) => v === '1' || v === '2'),
        `updated counter steps: ${updated.join(' → ')}`,
      );
      assert.equal(updated[updated.length - 1], '3');
      assert.equal(await page.evaluate(`window.noReload`), true);
      const ds = JSON.parse(await kubectl('get', 'ds', name, '-o', 'json'));
      assert.equal(ds.spec.template.spec.containers[0].image, 'nginx:1.27');
      // What the form does not show survives the update.
      assert.deepEqual(ds.spec.template.spec.containers[0].ports, [
        { containerPort: 80, protocol: 'TCP' },
      ]);
      assert.equal(ds.spec.minReadySeconds, 1);
      await screenshot(page, `daemonset-rollout-${locale}`);
    });
  });
}
