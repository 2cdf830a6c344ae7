/**
 * @module Browser-test harness: a real `everynode up`, the console built into console/dist, and
 * Debian's Chromium driven by playwright-core (no browser download).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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
      return ctx.newPage();
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
