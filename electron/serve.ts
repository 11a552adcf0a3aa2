import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import send from 'send';
import { WebSocketServer } from 'ws';
import type { ErrorCode } from '../shared/contract/result';
import type { BackendHost } from './backend/host';

/** What browser mode sends with every page: nothing from elsewhere, no framing, no sniffing. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const TOKEN_FILE = 'serve-token';
const MAX_BODY = 64 * 1024 * 1024;
/** The headers of ours that an error answer for a file keeps; the file's own (type, length, ETag) go. */
const KEPT_ON_ERROR = new Set(['x-content-type-options', 'referrer-policy', 'x-frame-options', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'content-security-policy']);

/** The token is kept in the data folder, readable by its owner only, so a printed URL keeps working. */
export function loadOrCreateToken(dataDir: string): string {
  const file = path.join(dataDir, TOKEN_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(existing)) {
      fs.chmodSync(file, 0o600);
      return existing;
    }
  } catch {
    // No token yet.
  }
  const token = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, token, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return token;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Deeper than any method's input needs (the contract nests a few levels): refused at the door. */
export const MAX_JSON_DEPTH = 64;

/**
 * How long a client may take over a request. Node's own defaults (60 s for the headers, checked
 * every 30 s) let a socket that sends half its headers live for up to 90 s; on a loopback
 * connection a real browser sends a request in milliseconds.
 */
export interface ServeTimeouts {
  /** From the connection (or the end of the previous request) to the end of the headers: 408 after. */
  headersMs: number;
  /** From the same start to the end of the body: 408 after. An answer that takes long is not limited. */
  requestMs: number;
  /**
   * How long an idle keep-alive connection is kept between requests, plus a margin (Node's, a
   * second at most) so that a client reusing it at the last moment is not cut off.
   */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: ServeTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

export interface ServeOptions {
  backend: BackendHost;
  /** The built renderer (out/renderer). Nothing outside it is ever served, and no link in it is followed. */
  staticDir: string;
  token: string;
  port?: number;
  hostname?: string;
  log?: (message: string) => void;
  /** Shorter ones let a test see an idle socket closed without waiting seconds. */
  timeouts?: Partial<ServeTimeouts>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function apiError(res: http.ServerResponse, status: number, code: ErrorCode, message: string, headers: http.OutgoingHttpHeaders = {}): void {
  sendJson(res, status, { ok: false, error: { code, message } }, headers);
}

/**
 * The path and query of an origin-form request target (`/a/b?c=d`), still percent-encoded; null
 * for any other form. Browsers send only this form to a server that is not a proxy; the others
 * (`http://host/...`, `*`) are refused rather than handed to a URL parser that throws on some.
 */
function splitTarget(target: string | undefined): { path: string; query: string } | null {
  if (!target?.startsWith('/')) return null;
  const end = target.search(/[?#]/);
  if (end === -1) return { path: target, query: '' };
  const hash = target.indexOf('#', end);
  return { path: target.slice(0, end), query: target[end] === '?' ? target.slice(end + 1, hash === -1 ? undefined : hash) : '' };
}

/** Whether a parsed JSON value nests objects or arrays deeper than `limit` (walked without recursion). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > limit) return true;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}

type Body = { kind: 'text'; text: string } | { kind: 'too_large' } | { kind: 'gone' };

function readBody(req: http.IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Body) => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return; // past the limit: the rest is read and dropped until the answer closes the connection
      size += chunk.length;
      if (size > MAX_BODY) settle({ kind: 'too_large' });
      else chunks.push(chunk);
    });
    req.on('end', () => settle({ kind: 'text', text: Buffer.concat(chunks).toString('utf8') }));
    // A client that hangs up mid-body (or sends a broken chunk, which Node answers itself with 400)
    // is owed no answer; 'close' after 'end' changes nothing.
    req.on('error', () => settle({ kind: 'gone' }));
    req.on('close', () => settle({ kind: 'gone' }));
  });
}

type StaticTarget = { kind: 'file'; urlPath: string } | { kind: 'refused'; status: 400 | 404 };

/**
 * Which file of the built app a request path names. The path is decoded once (bad
 * percent-encoding, NUL and backslashes are 400); a segment that starts with a dot (`..`, `.env`)
 * is never served; and the file is served only if its real path is the path asked for, so no
 * symbolic link on the way is followed, whether it points outside the folder or inside it.
 */
async function staticTarget(root: string, rawPath: string): Promise<StaticTarget> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', status: 400 };
  const segments = decoded.split('/').filter((segment) => segment.length > 0);
  if (decoded.endsWith('/')) segments.push('index.html');
  if (segments.some((segment) => segment.startsWith('.'))) return { kind: 'refused', status: 404 };
  const file = path.join(root, ...segments);
  try {
    if ((await fs.promises.realpath(file)) !== file) return { kind: 'refused', status: 404 };
  } catch {
    return { kind: 'refused', status: 404 };
  }
  return { kind: 'file', urlPath: `/${segments.map(encodeURIComponent).join('/')}` };
}

/**
 * Browser mode: the built app and `POST /api/<method>` on 127.0.0.1, a token on every API call
 * and on the event socket (401 without), the Host header checked against our own names (403
 * otherwise, against DNS rebinding), and events over a WebSocket that carries the token. No
 * request, however malformed, gets a 5xx or takes the process down: each gets a 4xx.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const { backend, token } = options;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  let port = options.port ?? 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${hostname}:${port}`]);
  // Its real path, so that a file's real path can be compared with the path asked for.
  const root = fs.realpathSync(path.resolve(options.staticDir));

  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: Math.max(timeouts.requestMs, timeouts.headersMs),
      keepAliveTimeout: timeouts.keepAliveMs,
      keepAliveTimeoutBuffer: Math.min(1000, timeouts.keepAliveMs),
      // Node looks for expired requests on this beat (every 30 s by default, which adds up to 30 s
      // to the limits above): a few beats per headers timeout keep the close near the limit.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
    },
    (req, res) => {
      handleRequest(req, res).catch((err: unknown) => {
        // Only a fault of ours gets here (every bad request has its 4xx above); the process stays up.
        log(`request failed: ${err instanceof Error ? err.message : String(err)}`);
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The request failed' } });
      });
    },
  );

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('content-security-policy', contentSecurityPolicy(port));
    if (!allowedHosts().has(req.headers.host ?? '')) {
      apiError(res, 403, 'forbidden', 'Unknown Host header');
      return;
    }
    const target = splitTarget(req.url);
    if (!target) {
      apiError(res, 400, 'invalid_input', 'Bad request target');
      return;
    }
    if (target.path.startsWith('/api/')) {
      await handleApi(req, res, target.path.slice('/api/'.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      apiError(res, 405, 'forbidden', 'Method not allowed', { allow: 'GET, HEAD' });
      return;
    }
    await serveFile(req, res, target.path);
  }

  async function serveFile(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string): Promise<void> {
    const found = await staticTarget(root, rawPath);
    if (found.kind === 'refused') {
      sendText(res, found.status, found.status === 400 ? 'Bad request' : 'Not found');
      return;
    }
    // Revalidated on every load (a cheap 304 on loopback), so a rebuilt app is never shown stale.
    res.setHeader('cache-control', 'no-cache');
    // send (Express's static-file core) answers Range by RFC 9110 with range-parser: 416 for an
    // unsatisfiable one, the whole file for a malformed or multiple one; and conditional requests.
    // The file is exactly the one checked above: no index, no extensions to try.
    const file = send(req, found.urlPath, { root, index: false, extensions: false, dotfiles: 'ignore', etag: true, lastModified: true, cacheControl: false, acceptRanges: true });
    file.on('directory', () => sendText(res, 404, 'Not found'));
    file.on('error', (err: { status?: number; headers?: Record<string, string> }) => {
      if (res.headersSent) {
        res.destroy(); // the file failed mid-way: cut the response short rather than let it pass as whole
        return;
      }
      for (const name of res.getHeaderNames()) if (!KEPT_ON_ERROR.has(name)) res.removeHeader(name);
      const status = err.status ?? 404;
      // A file that exists but cannot be read (its mode, a race with a rebuild) is simply not there.
      if (status >= 500) sendText(res, 404, 'Not found');
      else sendText(res, status, http.STATUS_CODES[status] ?? 'Refused', err.headers ?? {});
    });
    file.pipe(res);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, rawMethod: string): Promise<void> {
    const auth = req.headers.authorization;
    const given = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null;
    if (!sameToken(given, token)) {
      apiError(res, 401, 'unauthorized', 'Open Rapport with the address printed when it started (it carries the token).');
      return;
    }
    if (req.method !== 'POST') {
      apiError(res, 405, 'forbidden', 'Use POST', { allow: 'POST' });
      return;
    }
    let method: string;
    try {
      method = decodeURIComponent(rawMethod);
    } catch {
      apiError(res, 400, 'invalid_input', 'The method name in the address is not valid percent-encoding');
      return;
    }
    // Too large by its own account: refused before a byte of it is read.
    if (Number(req.headers['content-length']) > MAX_BODY) {
      apiError(res, 413, 'invalid_input', 'The request is too large', { connection: 'close' });
      return;
    }
    const body = await readBody(req);
    if (body.kind === 'gone') return;
    if (body.kind === 'too_large') {
      apiError(res, 413, 'invalid_input', 'The request is too large', { connection: 'close' });
      return;
    }
    let input: unknown;
    try {
      input = body.text.length === 0 ? {} : JSON.parse(body.text);
    } catch {
      apiError(res, 400, 'invalid_input', 'The request body is not JSON');
      return;
    }
    // Handing the worker such a value would overflow the stack while it is copied across.
    if (nestedDeeperThan(input, MAX_JSON_DEPTH)) {
      apiError(res, 400, 'invalid_input', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
      return;
    }
    sendJson(res, 200, await backend.call(method, input));
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const unsubscribe = backend.onEvent((event) => {
    const text = JSON.stringify(event);
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgrade's socket over without its error listener: a client's reset must not
    // become an uncaught error.
    socket.on('error', () => socket.destroy());
    const refuse = (status: 400 | 401 | 403) => {
      socket.once('finish', () => socket.destroy());
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    try {
      const target = splitTarget(req.url);
      if (!target) return refuse(400);
      const origin = req.headers.origin;
      const hostOk = allowedHosts().has(req.headers.host ?? '');
      const originOk = origin === undefined || allowedHosts().has(origin.replace(/^http:\/\//, ''));
      if (target.path !== '/api/events' || !hostOk || !originOk) return refuse(403);
      if (!sameToken(new URLSearchParams(target.query).get('token'), token)) return refuse(401);
      sockets.handleUpgrade(req, socket, head, (ws) => {
        // A client that sends a broken frame makes ws emit 'error' on its socket; unheard, that
        // would be an uncaught exception. ws closes the connection itself.
        ws.on('error', () => ws.terminate());
        sockets.emit('connection', ws, req);
      });
    } catch (err) {
      log(`event socket refused: ${err instanceof Error ? err.message : String(err)}`);
      socket.destroy();
    }
  });
  // Past listen, an error on the server itself (accept failing when out of file descriptors) is
  // said and survived: Node stops accepting for a moment and goes on.
  const onServerError = (err: Error) => log(`browser mode's server: ${err.message}`);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      server.on('error', onServerError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  return {
    port,
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/?token=${token}`,
    close: async () => {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
