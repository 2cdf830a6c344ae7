/**
 * @module Browser-test harness: a real `everynode up`, the console built into console/dist, and
 * Debian's Chromium driven by playwright-core (no browser download).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import {
  startEverynodeProcess,
  type EverynodeProcess,
  type StartOptions,
} from '../../test/harness/everynode-process.ts';

const root = resolve(import.meta.dirname, '../..');

/** CHROMIUM is the browser the tests drive. */
export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

/** browserMissing is a skip reason when Chromium is absent outside CI (CI must have it). */
export function browserMissing(): string | false {
  if (existsSync(CHROMIUM) || process.env['CI']) return false;
  return `${CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei`;
}

/** ensureConsoleBuilt builds console/dist unless it is there (npm ci builds it via prepare). */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(root, 'console/dist/index.html')) && !process.env['CONSOLE_REBUILD']) return;
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'console/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`console build failed:\n${r.stdout}\n${r.stderr}`);
}

/** ConsoleSession is a server plus a browser. */
export interface ConsoleSession {
  en: EverynodeProcess;
  browser: Browser;
  /** The printed `Console:` URL (with `#token=`). */
  consoleUrl: string;
  /** origin is `https://host:port`. */
  origin: string;
  /** newPage opens a page in a fresh context with the given locale. */
  newPage(locale: 'en' | 'zh-CN'): Promise<Page>;
  close(): Promise<void>;
}

/** startConsoleSession starts everynode and Chromium. */
export async function startConsoleSession(options: StartOptions = {}): Promise<ConsoleSession> {
  ensureConsoleBuilt();
  const en = await startEverynodeProcess(options);
  const m = /Console:\s+(https:\/\/\S+)/.exec(en.logs());
  if (!m?.[1]) {
    await en.stop();
    throw new Error(`no Console: URL printed:\n${en.logs()}`);
  }
  const consoleUrl = m[1];
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
      ],
    });
  } catch (e: unknown) {
    await en.stop();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  return {
    en,
    browser,
    consoleUrl,
    origin: new URL(consoleUrl).origin,
    async newPage(locale) {
      const ctx = await browser.newContext({
        locale,
        ignoreHTTPSErrors: true,
        viewport: { width: 1440, height: 900 },
      });
      contexts.push(ctx);
      ctx.setDefaultTimeout(20_000);
      const page = await ctx.newPage();
      // Failed writes explain a flaky test: print them (watches ending on navigation are normal).
      page.on('requestfailed', (r) => {
        if (r.method() !== 'GET')
          console.error(`browser: ${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`);
      });
      page.on('response', (r) => {
        const req = r.request();
        if (req.method() !== 'GET' && r.status() >= 400)
          console.error(`browser: ${req.method()} ${r.url()} → ${r.status()}`);
      });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await en.stop();
    },
  };
}

/** screenshot saves a PNG under $CONSOLE_SCREENSHOTS when set (docs/console/ is made this way). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env['CONSOLE_SCREENSHOTS'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** PageGlobals are the few browser globals the page functions of the tests use. */
export interface PageGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
  MutationObserver: new (fn: () => void) => {
    observe(target: unknown, options: Record<string, boolean>): void;
  };
  [key: string]: unknown;
}

/**
 * settle waits until no antd overlay (modal, dropdown menu, select list) is moving in or out. A click
 * during the zoom-in of a modal can land on the mask beside the still-small dialog (mouse down on
 * the mask, up on the button): nothing happens and the test waits in vain. Playwright's
 * "stable" check does not see it under load, when animation frames come late.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(
    // Runs in the page (the test tsconfig has no DOM types, and the CSP forbids string eval).
    () =>
      (globalThis as unknown as PageGlobals).document.querySelector(
        [':is(.ant-modal, .ant-modal-mask, .ant-dropdown, .ant-select-dropdown)']
          .flatMap((o) => ['appear', 'enter', 'leave'].map((m) => `${o}[class*="-${m}"]`))
          .join(', '),
      ) === null,
    undefined,
    { polling: 50 },
  );
}

/** tap clicks once every antd motion has finished (see settle). */
export async function tap(target: Locator): Promise<void> {
  await target.waitFor();
  await settle(target.page());
  await target.click();
}
