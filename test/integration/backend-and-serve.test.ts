import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { BackendStartError, startBackend, type BackendHost } from '../../electron/backend/host';
import { DEFAULT_TIMEOUTS, loadOrCreateToken, MAX_JSON_DEPTH, startServer, type RunningServer } from '../../electron/serve';
import { LATEST_VERSION } from '../../electron/db/migrate';
import type { BackendEvent, Contact, ContactPage, EventMap, Result } from '../../shared/contract/index';
import { makeTempDir, onCleanup, openTestBook, T0 } from '../helpers/book';
import { lockHeld } from '../helpers/crash-server';

const WORKER = path.resolve('out/electron/worker.cjs');

function requireWorker(): void {
  if (!fs.existsSync(WORKER)) {
    throw new Error(`The built worker is missing (${WORKER}). Run \`npm run build\` first; \`npm test\` does it for you.`);
  }
}

async function start(dataDir: string): Promise<BackendHost> {
  requireWorker();
  const host = await startBackend({ dataDir, mode: 'browser', version: '1.2.3-test', workerFile: WORKER, fixedNow: T0, log: () => {} });
  onCleanup(() => host.close());
  return host;
}

async function startError(dataDir: string): Promise<unknown> {
  try {
    const host = await startBackend({ dataDir, mode: 'browser', version: '1.2.3-test', workerFile: WORKER, fixedNow: T0, log: () => {} });
    await host.close();
  } catch (err) {
    return err;
  }
  return null;
}

describe('the back end in its worker thread', () => {
  test('answers calls through the worker and sends events', async () => {
    const dir = makeTempDir();
    const host = await start(dir);
    const events: BackendEvent[] = [];
    host.onEvent((e) => events.push(e));
    const created = (await host.call('contacts.create', { name: 'Ana', emails: [{ value: 'ana@example.com' }] })) as Result<Contact>;
    expect(created).toMatchObject({ ok: true, value: { id: 1, name: 'Ana', createdAt: T0 } });
    const listed = (await host.call('contacts.list', { query: 'ana' })) as Result<ContactPage>;
    expect(listed.ok && listed.value.rows.map((r) => r.name)).toEqual(['Ana']);
    expect(await host.call('app.info', {})).toEqual({
      ok: true,
      value: { version: '1.2.3-test', mode: 'browser', dataDir: dir, databaseFile: path.join(dir, 'rapport.db'), schemaVersion: LATEST_VERSION },
    });
    expect(await host.call('contacts.nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await host.call('contacts.create', { name: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'name' } });
    expect(events).toEqual([{ name: 'changed', payload: { area: 'contacts' } }]);

    // Calls in flight all get their own answer.
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => host.call('contacts.create', { name: `P${i}` })));
    expect(many.every((r) => r.ok)).toBe(true);
    expect(new Set(many.map((r) => (r.ok ? (r.value as Contact).id : 0))).size).toBe(20);

    await host.close();
    expect(await host.call('contacts.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(lockHeld(dir)).toBe(false);
    // What it wrote is on disk.
    const t = openTestBook({ dir });
    expect((await t.ok('contacts.list', {})).total).toBe(21);
  });

  test('a CSV file over 1 MB is read by the helper thread beside the worker: every row, bad rows by their line, progress, search', async () => {
    expect(fs.existsSync(path.resolve('out/electron/row-reader.cjs'))).toBe(true);
    const host = await start(makeTempDir());
    const events: BackendEvent[] = [];
    host.onEvent((e) => events.push(e));
    const lines = ['Name,E-mail,Phone,Company,Notes'];
    for (let i = 0; i < 12_000; i++) {
      if (i === 11_000) {
        lines.push(',,+1 555 000,,A row with a phone and a note only');
        continue;
      }
      const email = i === 5_000 ? 'broken@' : `person.${i}@example.com`;
      lines.push(`Person ${i},${email},+1 555 ${String(100_000 + i)},Company ${i % 50},"Note for ${i}, with a comma and some words to make the row longer"`);
    }
    const bytes = Buffer.from(lines.join('\n'), 'utf8');
    expect(bytes.length).toBeGreaterThan(1_000_000);
    const mapping = (['name', 'email', 'phone', 'company', 'notes'] as const).map((field) => ({ field, group: 1, label: '' }));
    const result = await host.call('csv.import', { file: { name: 'big.csv', base64: bytes.toString('base64') }, mapping, duplicates: 'skip' });
    expect(result).toMatchObject({ ok: true, value: { rows: 12_000, added: 11_998, skipped: 2, businessesAdded: 50 } });
    const skips = result.ok ? (result.value as { skips: { line: number; reason: string }[] }).skips : [];
    // A row's line counts the header: row i is on line i + 2.
    expect(skips.map((s) => s.line)).toEqual([5_002, 11_002]);
    expect(skips[0]?.reason).toMatch(/^Email "broken@"/);
    expect(skips[1]?.reason).toBe('No name, company or email in this row');
    const found = (await host.call('contacts.list', { query: 'person.11999' })) as Result<ContactPage>;
    expect(found.ok && found.value.rows.map((r) => r.name)).toEqual(['Person 11999']);
    const progress = events.flatMap((e) => (e.name === 'progress' ? [e.payload as EventMap['progress']] : [])).filter((p) => p.task === 'import');
    expect(progress.some((p) => p.label === 'Importing contacts' && p.done > 0 && p.done < p.total)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ label: 'Done' });
  });

  test('a second back end on the same folder is refused with "locked"', async () => {
    const dir = makeTempDir();
    const first = await start(dir);
    const error = await startError(dir);
    expect(error).toBeInstanceOf(BackendStartError);
    expect(error).toMatchObject({ code: 'locked' });
    expect((error as Error).message).toContain(dir);
    // The first one is unharmed.
    expect(await first.call('contacts.list', {})).toMatchObject({ ok: true });
    await first.close();
    // Once it is closed, the folder can be opened again.
    const second = await start(dir);
    expect(await second.call('contacts.list', {})).toMatchObject({ ok: true });
  });

  test('a book from a newer version: BackendStartError "newer_book", file untouched, lock released', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'rapport.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE future (x INTEGER)');
    raw.pragma('user_version = 999');
    raw.close();
    const bytes = fs.readFileSync(file);
    requireWorker();
    const error = await startError(dir);
    expect(error).toBeInstanceOf(BackendStartError);
    expect(error).toMatchObject({ code: 'newer_book' });
    expect((error as Error).message).toMatch(/newer version/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(lockHeld(dir)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with its path sent as is (no normalisation: like curl --path-as-is) and any Host. */
function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function wsOutcome(url: string, options: WebSocket.ClientOptions = {}): Promise<{ opened: WebSocket } | { refused: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => resolve({ opened: ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: String(res.statusCode) });
      ws.terminate();
    });
    ws.once('error', (err) => resolve({ refused: err.message }));
  });
}

/**
 * Bytes sent over a raw socket as they are (no client library to tidy them), and everything the
 * server sent back until it closed the connection. `dribble` sends a header line at a time, slower
 * than nothing, the way a slow-loris does. Rejects if the server has not closed it by `limitMs`:
 * a generous bound for a busy machine, not a wait.
 */
function rawExchange(port: number, bytes: string, options: { dribble?: boolean; limitMs?: number } = {}): Promise<{ text: string }> {
  const limitMs = options.limitMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let drip: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the socket open over ${limitMs} ms (sent ${JSON.stringify(bytes.slice(0, 80))})`));
    }, limitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {}); // a reset is a close too
    socket.on('close', () => {
      clearTimeout(timer);
      clearInterval(drip);
      resolve({ text: Buffer.concat(chunks).toString('latin1') });
    });
    socket.write(bytes);
    if (options.dribble) {
      let n = 0;
      drip = setInterval(() => {
        if (!socket.destroyed) socket.write(`X-Drip-${n++}: 1\r\n`);
      }, 50);
    }
  });
}

describe('browser mode (serve.ts)', () => {
  let root: string;
  let staticDir: string;
  let backend: BackendHost;
  let server: RunningServer;
  let token: string;
  let port: number;
  const SECRET = 'TOP-SECRET-OUTSIDE-STATIC';

  beforeAll(async () => {
    requireWorker();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-serve-'));
    staticDir = path.join(root, 'static');
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Rapport</title><p>INDEX-PAGE</p>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
    fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
    fs.writeFileSync(path.join(staticDir, '.env'), SECRET);
    const dataDir = path.join(root, 'data');
    backend = await startBackend({ dataDir, mode: 'browser', version: '1.2.3-test', workerFile: WORKER, fixedNow: T0, log: () => {} });
    token = loadOrCreateToken(dataDir);
    server = await startServer({ backend, staticDir, token });
    port = server.port;
  });

  afterAll(async () => {
    await server?.close();
    await backend?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const api = (method: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    request(port, { method: 'POST', path: `/api/${method}`, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  test('listens on 127.0.0.1 by default and prints a URL with the token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (outside) {
      const reached = await new Promise<boolean>((resolve) => {
        const req = http.get({ host: outside.address, port, path: '/', timeout: 2000 }, () => resolve(true));
        req.on('error', () => resolve(false));
        req.on('timeout', () => {
          req.destroy();
          resolve(false);
        });
      });
      expect(reached, `reachable on ${outside.address}`).toBe(false);
    }
  });

  test('API calls need the token: none or a wrong one is 401, the right one 200', async () => {
    const none = await api('contacts.list', {}, {});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await api('contacts.list', {}, { authorization: `Bearer ${token.slice(0, -1)}x` })).status).toBe(401);
    expect((await api('contacts.list', {}, { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await api('contacts.list', {}, { authorization: token })).status).toBe(401);
    expect((await api('contacts.list', {}, { authorization: 'Bearer ' })).status).toBe(401);
    const good = await api('contacts.list', {});
    expect(good.status).toBe(200);
    expect(good.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(good.body)).toMatchObject({ ok: true, value: { offset: 0 } });
  });

  test('a foreign Host header is 403, for the API and for files', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      const res = await request(port, { method: 'POST', path: '/api/contacts.list', headers: { host, authorization: `Bearer ${token}` }, body: '{}' });
      expect(res.status, host).toBe(403);
      expect((await request(port, { path: '/', headers: { host } })).status, host).toBe(403);
    }
    expect((await request(port, { path: '/', headers: { host: `localhost:${port}` } })).status).toBe(200);
    // No Host header at all is refused too (by Node itself: 400).
    const noHost = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/', setHost: false, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect([400, 403]).toContain(noHost);
  });

  test('GET / serves index.html with a content security policy', async () => {
    const res = await request(port, { path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('INDEX-PAGE');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await request(port, { path: '/assets/app.js' })).body).toContain('console.log');
  });

  test.each([
    '/../secret.txt',
    '/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '//../secret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/static/../secret.txt',
    '/.env',
    '/%2eenv',
    '/../package.json',
    '/../../../../../../etc/passwd',
    `/${'..%252f'.repeat(6)}etc/passwd`,
    '/secret.txt%00.html',
  ])('never serves a file outside the app: %s', async (rawPath) => {
    const res = await request(port, { path: rawPath });
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toMatch(/root:.*:0:0:/);
    expect(res.body).not.toContain('"name": "rapport"');
    expect([200, 400, 403, 404]).toContain(res.status);
    if (res.status === 200) expect(res.body).toContain('INDEX-PAGE'); // the app's fallback at most
  });

  test('a body that is not JSON is 400 with a typed error; a wrong verb is 405', async () => {
    const res = await api('contacts.list', '{not json');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } });
    const get = await request(port, { path: '/api/contacts.list', headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    expect(JSON.parse(get.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('an empty body means no input; bad input and unknown methods are typed errors with status 200', async () => {
    expect(JSON.parse((await api('app.info', '')).body)).toMatchObject({ ok: true, value: { mode: 'browser' } });
    expect(JSON.parse((await api('contacts.create', { name: '' })).body)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'name' } });
    expect(JSON.parse((await api('contacts.nope', {})).body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(JSON.parse((await api('__proto__', {})).body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(JSON.parse((await api('%E0%A4%A', {})).body)).toMatchObject({ ok: false });
  });

  test('events over the WebSocket: refused without the token (401, like the API) or from a foreign origin (403), delivered with it', async () => {
    const base = `ws://127.0.0.1:${port}/api/events`;
    expect(await wsOutcome(base)).toEqual({ refused: '401' });
    for (const given of ['wrong', '', '%', `${token}x`, token.slice(0, -1), encodeURIComponent(`${token} `)]) {
      expect(await wsOutcome(`${base}?token=${given}`), given).toEqual({ refused: '401' });
    }
    expect(await wsOutcome(`${base}?other=${token}`)).toEqual({ refused: '401' });
    expect(await wsOutcome(`${base}?token=${token}`, { origin: 'http://evil.example' })).toEqual({ refused: '403' });
    expect(await wsOutcome(`${base}?token=${token}`, { origin: `http://evil.example:${port}` })).toEqual({ refused: '403' });
    expect(await wsOutcome(`${base}?token=${token}`, { headers: { host: 'evil.example' } })).toEqual({ refused: '403' });
    expect(await wsOutcome(`ws://127.0.0.1:${port}/elsewhere?token=${token}`)).toEqual({ refused: '403' });

    const outcome = await wsOutcome(`${base}?token=${token}`, { origin: `http://127.0.0.1:${port}` });
    if (!('opened' in outcome)) throw new Error(`refused: ${outcome.refused}`);
    const ws = outcome.opened;
    try {
      const received = new Promise<BackendEvent>((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as BackendEvent)));
      const created = await api('contacts.create', { name: 'Via WebSocket' });
      expect(JSON.parse(created.body)).toMatchObject({ ok: true });
      expect(await received).toEqual({ name: 'changed', payload: { area: 'contacts' } });
    } finally {
      ws.close();
    }
  });

  test('a Range the file cannot satisfy is 416 (it used to kill the server); a suffix is the last bytes; a malformed or multiple one gets the whole file', async () => {
    const index = fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8');
    const size = Buffer.byteLength(index);
    for (const range of ['bytes=10-5', 'bytes=-0', `bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=99999999999999999999-', 'bytes=5-4,9-1']) {
      for (const file of ['/', '/index.html', '/assets/app.js']) {
        for (const method of ['GET', 'HEAD']) {
          const res = await request(port, { method, path: file, headers: { range } });
          expect(res.status, `${method} ${file} ${range}`).toBe(416);
          expect(res.headers['content-range']).toMatch(/^bytes \*\/\d+$/);
        }
      }
    }
    const suffix = await request(port, { path: '/index.html', headers: { range: 'bytes=-5' } });
    expect(suffix.status).toBe(206);
    expect(suffix.body).toBe(index.slice(-5));
    expect(suffix.headers['content-range']).toBe(`bytes ${size - 5}-${size - 1}/${size}`);
    const first = await request(port, { path: '/index.html', headers: { range: 'bytes=0-0' } });
    expect([first.status, first.body, first.headers['content-range']]).toEqual([206, index.slice(0, 1), `bytes 0-0/${size}`]);
    for (const range of ['bytes=0-1,4-5', 'bytes=abc', 'items=0-5', 'bytes', 'bytes=--1', '']) {
      const whole = await request(port, { path: '/index.html', headers: { range } });
      expect([whole.status, whole.body], range).toEqual([200, index]);
    }
    expect((await api('app.info', {})).status).toBe(200);
  });

  test('a method name that is not valid percent-encoding is 400 (401 without the token), not 500', async () => {
    for (const name of ['%', '%E0%A4%A', '%zz', 'contacts.list%', '%C0%AE', '%ED%A0%80']) {
      const res = await api(name, {});
      expect(res.status, name).toBe(400);
      expect(JSON.parse(res.body), name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect((await api('%', {}, {})).status).toBe(401);
    expect((await api(encodeURIComponent('contacts.list'), {})).status).toBe(200);
  });

  test(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is 400, not 500; as deep as that reaches the method`, async () => {
    const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    for (const body of [arrays(10_000), objects(10_000), `{"name":${arrays(10_000)}}`, arrays(1_000_000), arrays(MAX_JSON_DEPTH + 1)]) {
      const res = await api('contacts.create', body);
      expect(res.status, body.slice(0, 20)).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/deeper/) } });
    }
    // The top object is one level: notes' arrays make it exactly the limit. The method refuses notes that are not text, with a typed error.
    const atLimit = await api('contacts.create', `{"name":"Deep","notes":${arrays(MAX_JSON_DEPTH - 1)}}`);
    expect(atLimit.status).toBe(200);
    expect(JSON.parse(atLimit.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'notes' } });
    expect(JSON.parse((await api('app.info', {})).body)).toMatchObject({ ok: true });
  });

  test('a socket that sends nothing, half its headers or half its body is closed with 408 within the limits; an event socket is not', async () => {
    const short = await startServer({ backend, staticDir, token, timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 300 } });
    onCleanup(() => short.close());
    const events = await wsOutcome(`ws://127.0.0.1:${short.port}/api/events?token=${token}`);
    if (!('opened' in events)) throw new Error(`refused: ${events.refused}`);
    const host = `Host: 127.0.0.1:${short.port}\r\n`;
    const outcomes = await Promise.all([
      rawExchange(short.port, ''),
      rawExchange(short.port, `GET / HTTP/1.1\r\n${host}X-Slow: 1\r\n`),
      rawExchange(short.port, `POST /api/contacts.list HTTP/1.1\r\n${host}Authorization: Bearer ${token}\r\nContent-Length: 10\r\n\r\n{}`),
      rawExchange(short.port, 'GET / HTTP/1.1\r\n', { dribble: true }),
    ]);
    for (const outcome of outcomes) expect(outcome.text).toMatch(/^(HTTP\/1\.1 408 |$)/);
    // Idle after an answer: the keep-alive limit closes it.
    const kept = await rawExchange(short.port, `GET /assets/app.js HTTP/1.1\r\n${host}\r\n`);
    expect(kept.text).toMatch(/^HTTP\/1\.1 200 /);
    // The event socket outlived them all and still carries events.
    const ws = events.opened;
    try {
      expect(ws.readyState).toBe(WebSocket.OPEN);
      const received = new Promise<BackendEvent>((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as BackendEvent)));
      expect(JSON.parse((await api('contacts.create', { name: 'After the idle ones' })).body)).toMatchObject({ ok: true });
      expect(await received).toEqual({ name: 'changed', payload: { area: 'contacts' } });
    } finally {
      ws.close();
    }
  });

  test('the production limits close an idle socket well within a minute', () => {
    expect(DEFAULT_TIMEOUTS.headersMs).toBeLessThanOrEqual(15_000);
    expect(DEFAULT_TIMEOUTS.requestMs).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_TIMEOUTS.keepAliveMs).toBeLessThanOrEqual(15_000);
  });

  test.skipIf(process.platform === 'win32')('symbolic links in the served folder are not followed, whether they point outside it or inside', async () => {
    const base = makeTempDir('rapport-links-');
    const served = path.join(base, 'app');
    fs.mkdirSync(path.join(served, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(served, 'index.html'), '<p>LINKED-INDEX</p>');
    fs.writeFileSync(path.join(served, 'assets', 'app.js'), 'console.log("linked")');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(served, 'secret-link.txt'));
    fs.symlinkSync(outside, path.join(served, 'outside-dir'));
    fs.symlinkSync(path.join(served, 'index.html'), path.join(served, 'inside-link.html'));
    fs.symlinkSync(path.join(served, 'assets'), path.join(served, 'assets-link'));
    fs.symlinkSync('assets/app.js', path.join(served, 'relative-link.js'));
    // The served folder may itself be reached through a link (a linked checkout): that is not "in" it.
    fs.symlinkSync(served, path.join(base, 'app-link'));
    const linked = await startServer({ backend, staticDir: path.join(base, 'app-link'), token });
    onCleanup(() => linked.close());
    fs.symlinkSync(path.join(base, 'missing'), path.join(served, 'dangling'));
    for (const rawPath of ['/secret-link.txt', '/outside-dir/secret.txt', '/inside-link.html', '/assets-link/app.js', '/relative-link.js', '/dangling', '/outside-dir/', '/%2e%2e/outside/secret.txt']) {
      const res = await request(linked.port, { path: rawPath });
      expect(res.status, rawPath).toBe(404);
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toContain('LINKED-INDEX');
      expect(res.body).not.toContain('linked');
    }
    expect((await request(linked.port, { path: '/' })).body).toContain('LINKED-INDEX');
    expect((await request(linked.port, { path: '/assets/app.js' })).status).toBe(200);
  });

  test('the HTTP server can be started on a chosen host name only if asked', async () => {
    const other = await startServer({ backend, staticDir, token, hostname: 'localhost' });
    try {
      expect(other.url).toMatch(/^http:\/\/localhost:\d+\/\?token=/);
    } finally {
      await other.close();
    }
  });
});

describe('loadOrCreateToken', () => {
  test('writes the token with mode 0600 and gives the same one next time', () => {
    const dir = path.join(makeTempDir(), 'data');
    const token = loadOrCreateToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = path.join(dir, 'serve-token');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(dir)).toBe(token);
    expect(loadOrCreateToken(makeTempDir())).not.toBe(token);
  });

  test('tightens a loose mode and replaces a damaged token', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'serve-token');
    const kept = 'a'.repeat(40);
    fs.writeFileSync(file, `${kept}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(loadOrCreateToken(dir)).toBe(kept);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.writeFileSync(file, 'short');
    const fresh = loadOrCreateToken(dir);
    expect(fresh).not.toBe('short');
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
