import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OWNER_FILE } from '../../electron/db/owner';
import type { Result } from '../../shared/contract/index';

/**
 * Browser mode's real process (`node serve-cli.cjs`) for the crash tests: started on a data folder,
 * called over HTTP like the UI calls it, and killed with SIGKILL.
 */

/**
 * The built server the crash tests run: a private copy of out/electron (serve-cli.cjs and
 * worker.cjs), so a rebuild running at the same time cannot pull the files from under a round.
 * (an empty renderer folder beside it). `RAPPORT_CRASH_SERVE_DIR` points at another build's electron folder instead (a patched copy, to check that the
 * test catches a broken back end).
 */
export function prepareServeDir(onCleanup: (fn: () => void) => void): string {
  const given = process.env.RAPPORT_CRASH_SERVE_DIR;
  if (given) return path.resolve(given);
  const built = path.resolve('out/electron');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-serve-'));
  onCleanup(() => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, 'electron');
  fs.mkdirSync(dir);
  // serve-cli serves the renderer from ../renderer: the API is all these tests need of it.
  fs.mkdirSync(path.join(root, 'renderer'));
  for (const file of ['serve-cli.cjs', 'worker.cjs', 'book-check.cjs']) {
    const from = path.join(built, file);
    if (!fs.existsSync(from)) throw new Error(`The built app is missing (${from}). Run \`npm run build\` first; \`npm test\` does it for you.`);
    fs.copyFileSync(from, path.join(dir, file));
  }
  return dir;
}

export interface ServeProcess {
  pid: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  token: string;
  /** Settles when the process has been reaped (its exit is final: nothing of it runs any more). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stderr, for failure messages. */
  stderr(): string;
}

/** Starts `serve-cli.cjs` on a data folder with a free port and waits for its address. */
export async function startServe(serveDir: string, dataDir: string, timeoutMs = 30_000, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(serveDir, 'serve-cli.cjs'), '--data-dir', dataDir, '--port', '0'], {
    // better-sqlite3 is left out of the bundle: the copy finds it in the project's node_modules.
    env: { ...process.env, NODE_PATH: path.resolve('node_modules'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve-cli did not print its address within ${timeoutMs} ms. stderr: ${err}`));
    }, timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /Rapport is running at (\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve-cli stopped while starting (code ${code}, signal ${signal}). stderr: ${err}`));
    });
  });
  const token = url.searchParams.get('token');
  if (!token || child.pid === undefined) throw new Error(`serve-cli printed an address without a token: ${url.href}`);
  return { pid: child.pid, origin: url.origin, token, exited, stderr: () => err };
}

/** The outcome of one call: an answer that arrived in full, or none (the process died first). */
export type CallOutcome = { answered: true; result: Result<unknown> } | { answered: false; reason: string };

/** POST /api/<method> with the token, as renderer/api/transport.ts does. Never throws. */
export async function callServe(server: Pick<ServeProcess, 'origin' | 'token'>, method: string, input: unknown): Promise<CallOutcome> {
  try {
    const response = await fetch(`${server.origin}/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify(input ?? {}),
    });
    const text = await response.text();
    return { answered: true, result: JSON.parse(text) as Result<unknown> };
  } catch (err) {
    return { answered: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** A call that must succeed (outside the crash window): its value. */
export async function okServe<T>(server: Pick<ServeProcess, 'origin' | 'token'>, method: string, input: unknown): Promise<T> {
  const outcome = await callServe(server, method, input);
  if (!outcome.answered) throw new Error(`${method}: no answer (${outcome.reason})`);
  if (!outcome.result.ok) throw new Error(`${method} failed: ${JSON.stringify(outcome.result.error)}`);
  return outcome.result.value as T;
}

/** SIGKILL to the whole process (its back-end worker thread dies with it), then waits until it is reaped. */
export async function killServe(server: ServeProcess): Promise<void> {
  process.kill(server.pid, 'SIGKILL');
  const { signal } = await server.exited;
  if (signal !== 'SIGKILL') throw new Error(`serve-cli ended by ${signal ?? 'itself'} before the kill. stderr: ${server.stderr()}`);
}

/**
 * Whether some process holds the data folder's lock now (electron/db/owner.ts): an exclusive SQLite
 * lock on owner.lock, which the operating system drops when its process dies. Probed the way a
 * second Rapport would take it, and released at once.
 */
export function lockHeld(dataDir: string): boolean {
  const file = path.join(dataDir, OWNER_FILE);
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('journal_mode = OFF');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  } finally {
    db.close();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
