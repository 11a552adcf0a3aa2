import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

const ROOT = process.env.RAPPORT_ROOT ?? path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningApp {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the real app in browser mode (the built out/), on a free port, with its own data folder. */
export async function startApp(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-')), env: Record<string, string> = {}): Promise<RunningApp> {
  const cli = path.join(ROOT, 'out', 'electron', 'serve-cli.cjs');
  if (!fs.existsSync(cli)) throw new Error('The app is not built: run `npm run build` first (npm test does).');
  const child = spawn(process.execPath, [cli, '--data-dir', dataDir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The app did not start in time:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The app exited (${code}) before it started:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        // Already ended (by itself, or killed): its exit event has been and gone.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 8000).unref();
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
    ],
  });
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Every request the page made that left the app's own origin. */
  foreignRequests: string[];
  consoleErrors: string[];
}

/** A call straight to the back end with the app's token, as another window would make it; throws on a refusal. */
export async function callApp<T = unknown>(app: RunningApp, method: string, input: unknown): Promise<T> {
  const token = new URL(app.url).searchParams.get('token') ?? '';
  const res = await fetch(`${app.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const result = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A page that records every request outside the app's origin and every console error. */
export async function openPage(browser: Browser, app: RunningApp, options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1360, height: 860 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  const wsOrigin = app.origin.replace(/^http:/, 'ws:');
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(app.origin) && !url.startsWith(wsOrigin) && !url.startsWith('data:')) foreignRequests.push(url);
  });
  page.on('websocket', (ws) => {
    if (!ws.url().startsWith(wsOrigin)) foreignRequests.push(ws.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  await page.goto(app.url);
  return { page, context, foreignRequests, consoleErrors };
}

/** Every test ends here: the page made no request outside its own origin and logged no console error. */
export function expectClean(w: Watched): void {
  expect(w.foreignRequests, 'requests outside the app origin').toEqual([]);
  expect(w.consoleErrors, 'console errors').toEqual([]);
}

/** A fresh book first asks for its currency and locale (renderer/views/first-run.tsx): answer EUR. */
export async function passFirstRun(page: Page): Promise<void> {
  const welcome = page.getByRole('dialog', { name: 'Welcome to Rapport' });
  const shown = await welcome.waitFor({ timeout: 5000 }).then(
    () => true,
    () => false,
  );
  if (!shown) return;
  await welcome.locator('#field-currency').selectOption('EUR');
  await welcome.getByRole('button', { name: 'Start my book' }).click();
  await welcome.waitFor({ state: 'detached' });
}

/**
 * axe-core on the page as it is now: nothing critical or serious (ui.md). The rules are axe's own,
 * WCAG 2.1 A and AA.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(serious, `axe on ${where}`).toEqual([]);
}
