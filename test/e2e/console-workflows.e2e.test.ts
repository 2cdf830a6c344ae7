/**
 * @module Console workflows in Chromium against a real `everynode up`, in English and in Chinese,
 * checked with kubectl: YAML create (seed 000 hwameistor), server errors on lines, restart,
 * rollback from the history, taint a node and see why it has no pod, cordon and label a node, a
 * kubectl change shown without reload, delete keeping the pods. Every wait is on a condition.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

const agent = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web-agent
  namespace: default
spec:
  selector:
    matchLabels: { app: web-agent }
  template:
    metadata:
      labels: { app: web-agent }
    spec:
      containers:
        - name: main
          image: nginx:1.26
`;

type Locale = 'en' | 'zh-CN';

/** message is the console's catalogue text of `key` in `locale`, with `{{x}}` filled in. */
function message(
  locale: Locale,
  key: string,
  values: Record<string, string | number> = {},
): string {
  const path = join(import.meta.dirname, `../../console/src/i18n/${locale}.json`);
  const catalogue = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  const text = catalogue[key] ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(values[k] ?? ''));
}

/** addRow clicks the add button of a row editor and waits for the new row's key input. */
async function addRow(page: Page, prefix: 'label' | 'taint'): Promise<number> {
  const before = await page.locator(`[data-testid^=${prefix}-key-]`).count();
  await tap(page.getByTestId(`${prefix}-add`));
  await page.getByTestId(`${prefix}-key-${before}`).waitFor();
  return before;
}

/** confirmModal clicks the primary button of the open confirm dialog (language-neutral). */
async function confirmModal(page: Page): Promise<void> {
  await tap(page.locator('.ant-modal-confirm-btns .ant-btn-primary'));
}

/** typeYaml replaces the text of the CodeMirror editor (insertText: no auto-indent). */
async function typeYaml(page: Page, testId: string, text: string): Promise<void> {
  await tap(page.locator(`[data-testid=${testId}] .cm-content`));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

for (const locale of ['en', 'zh-CN'] as const)
  describe(`console workflows (${locale})`, { skip: browserMissing() }, () => {
    let s: ConsoleSession;
    let page: Page;
    let nodes: string[];

    const kubectl = async (...args: string[]): Promise<string> => {
      const r = await s.en.kubectl(args);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };
    const open = async (path: string): Promise<void> => {
      await page.goto(`${s.origin}/console${path}`);
    };

    before(async () => {
      s = await startConsoleSession();
      const r = await s.en.kubectl(['apply', '-f', '-'], { input: agent });
      assert.equal(r.code, 0, r.stderr);
      nodes = (await kubectl('get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}')).split(
        ' ',
      );
      page = await s.newPage(locale);
      await page.goto(s.consoleUrl);
      await page.getByTestId('ds-row-web-agent').waitFor();
    });

    after(async () => {
      await s?.close();
    });

    test('the seed 000 hwameistor example is created from YAML after a dry run', async () => {
      const text = await readFile(join(import.meta.dirname, '../fixtures/hwameistor.yaml'), 'utf8');
      await open('/create/yaml');
      await typeYaml(page, 'create-yaml-editor', text);
      await tap(page.getByTestId('yaml-dry-run'));
      const summary = page.getByTestId('yaml-summary');
      await summary.waitFor();
      assert.equal(await summary.innerText(), message(locale, 'yaml.dryRunOk', { count: 2 }));
      // A dry run creates nothing.
      assert.doesNotMatch(await kubectl('get', 'ds', '-A'), /hwameistor-local-disk-manager/);
      await screenshot(page, `create-yaml-${locale}`);
      await tap(page.getByTestId('yaml-create'));
      await page.getByTestId('ds-row-hwameistor-local-disk-manager').waitFor();
      const out = await kubectl('get', 'ds', '-n', 'hwameistor', 'hwameistor-local-disk-manager');
      assert.match(out, /hwameistor-local-disk-manager/);
    });

    test('server validation errors of a YAML document are shown on their lines', async () => {
      await open('/create/yaml');
      const bad = agent.replace('name: web-agent', 'name: Bad_Name');
      await typeYaml(page, 'create-yaml-editor', bad);
      await tap(page.getByTestId('yaml-dry-run'));
      const diag = page.getByTestId('yaml-diagnostics');
      await diag.waitFor();
      // metadata.name is on line 4 of the document.
      const line4 = message(locale, 'yaml.line', { line: 4 });
      assert.match(await diag.innerText(), new RegExp(`${line4}[\\s\\S]*metadata\\.name`));
      assert.equal((await s.en.kubectl(['get', 'ds', 'Bad_Name'])).code, 1);
    });

    test('restart sets the rollout-restart annotation and rollback returns to the previous image', async () => {
      await open('/daemonsets');
      await tap(page.getByTestId('actions-web-agent'));
      await tap(page.getByTestId('action-restart'));
      await confirmModal(page);
      await eventually(async () => {
        const at = await kubectl(
          'get',
          'ds',
          'web-agent',
          '-o',
          'jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}',
        );
        assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      });
      await kubectl('set', 'image', 'ds/web-agent', 'main=nginx:1.27');
      await kubectl('rollout', 'status', 'ds/web-agent', '--timeout=30s');
      await open('/daemonsets/default/web-agent');
      await tap(page.getByTestId('tab-history'));
      await page.getByTestId('revision-3').waitFor();
      await tap(page.getByTestId('diff-2'));
      assert.match(
        await page.getByTestId('revision-diff').innerText(),
        /- .*nginx:1\.26[\s\S]*\+ .*nginx:1\.27/,
      );
      await screenshot(page, `daemonset-history-${locale}`);
      await tap(page.getByTestId('rollback-2'));
      await confirmModal(page);
      await eventually(async () => {
        const image = await kubectl(
          'get',
          'ds',
          'web-agent',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        );
        assert.equal(image, 'nginx:1.26');
      });
      await kubectl('rollout', 'status', 'ds/web-agent', '--timeout=60s');
    });

    test('a node tainted NoExecute in the console shows up as the reason it has no pod', async () => {
      const target = nodes[0]!;
      await open('/nodes');
      await tap(page.getByTestId(`node-actions-${target}`));
      await tap(page.getByTestId('action-taints'));
      // Wait for the new row: counting rows right after the click can see the old ones only.
      const i = await addRow(page, 'taint');
      await page.getByTestId(`taint-key-${i}`).fill('dedicated');
      await page.getByTestId(`taint-value-${i}`).fill('db');
      await tap(page.getByTestId(`taint-effect-${i}`));
      await tap(page.locator('.ant-select-item-option[title=NoExecute]'));
      await tap(page.getByTestId('taints-save'));
      await eventually(async () => {
        assert.match(
          await kubectl('get', 'node', target, '-o', 'jsonpath={.spec.taints}'),
          /dedicated/,
        );
      });
      await open('/daemonsets/default/web-agent');
      await tap(page.getByTestId('tab-pods'));
      // The evicted pod first has to finish terminating; until the page has seen the taint and the
      // pod's removal the row may be missing or give another reason, so wait for the taint itself.
      const why = page.locator(`[data-testid=why-row-${target}][data-reason=taint]`);
      await why.waitFor({ timeout: 60_000 });
      assert.match(await why.innerText(), /dedicated=db:NoExecute/);
      await screenshot(page, `daemonset-pods-${locale}`);
    });

    test('cordon and labels set in the console reach the node', async () => {
      const target = nodes[1]!;
      await open('/nodes');
      await tap(page.getByTestId(`node-actions-${target}`));
      await tap(page.getByTestId('action-cordon'));
      await eventually(async () => {
        assert.equal(
          await kubectl('get', 'node', target, '-o', 'jsonpath={.spec.unschedulable}'),
          'true',
        );
      });
      const schedulable = page.getByTestId(`node-row-${target}`).getByTestId('node-schedulable');
      await page
        .locator(
          `[data-testid=node-row-${target}] [data-testid=node-schedulable][data-value=false]`,
        )
        .waitFor();
      assert.equal(await schedulable.innerText(), message(locale, 'common.no'));
      await tap(page.getByTestId(`node-actions-${target}`));
      await tap(page.getByTestId('action-labels'));
      const i = await addRow(page, 'label');
      await page.getByTestId(`label-key-${i}`).fill('disk');
      await page.getByTestId(`label-value-${i}`).fill('ssd');
      await tap(page.getByTestId('labels-save'));
      await eventually(async () => {
        assert.equal(
          await kubectl('get', 'node', target, '-o', 'jsonpath={.metadata.labels.disk}'),
          'ssd',
        );
      });
      // A change made with kubectl shows in the open page without reload.
      await kubectl('label', 'node', target, 'zone=east');
      await eventually(async () => {
        assert.match(await page.getByTestId(`node-row-${target}`).innerText(), /zone=east/);
      });
      await screenshot(page, `nodes-${locale}`);
    });

    test('deleting with "keep the pods" removes the DaemonSet and orphans its pods', async () => {
      await open('/daemonsets');
      await tap(page.getByTestId('actions-web-agent'));
      await tap(page.getByTestId('action-delete'));
      await tap(page.getByTestId('cascade-orphan'));
      assert.equal(await page.getByTestId('delete-confirm').isDisabled(), true);
      await page.getByTestId('delete-name').fill('web-agent');
      await tap(page.getByTestId('delete-confirm'));
      await page.getByTestId('ds-row-web-agent').waitFor({ state: 'detached' });
      assert.equal((await s.en.kubectl(['get', 'ds', 'web-agent'])).code, 1);
      // Two pods are left (the NoExecute taint of the earlier test evicted the third one), now
      // without an owner, and they stay: the garbage collector does not take orphans.
      const pods = JSON.parse(
        await kubectl('get', 'pods', '-l', 'app=web-agent', '-o', 'json'),
      ) as {
        items: { metadata: { name: string; ownerReferences?: unknown[] } }[];
      };
      assert.equal(pods.items.length, 2, JSON.stringify(pods.items.map((p) => p.metadata.name)));
      await eventually(async () => {
        const out = await kubectl(
          'get',
          'pods',
          '-l',
          'app=web-agent',
          '-o',
          'jsonpath={range .items[*]}{.metadata.ownerReferences}{"\\n"}{end}',
        );
        assert.equal(out.trim(), '', `still owned: ${out}`);
      });
      const names = await kubectl('get', 'pods', '-l', 'app=web-agent', '-o', 'name');
      assert.equal(names.trim().split('\n').length, 2, names);
    });
  });
