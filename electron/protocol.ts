import fs from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';

/** The app's own origin: the window loads only from here, and only here may call the back end. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'rapport';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/`;

/**
 * The origin of a URL as the browser sees it for our standard scheme. Node's URL gives every
 * non-special scheme the opaque origin "null", so it is spelled out here; a URL with credentials
 * or a port never counts as ours.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username || parsed.password || parsed.port || !parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`;
}

export const isAppUrl = (url: string): boolean => originOf(url) === APP_ORIGIN;

const DOT_DOT_SEGMENT = /(?:\/|\\|%2f|%5c)(?:\.|%2e){2}(?:\/|\\|%2f|%5c|\?|#|$)/i;

const isInside = (root: string, file: string): boolean => file === root || file.startsWith(root + path.sep);

/**
 * Which file of the built renderer answers a URL, or null when none may: another scheme or host,
 * a malformed escape, a NUL, a backslash or a path that leaves `rootDir` once decoded. `/` and
 * extension-less paths (the UI's own routes) are the app's page. Pure: the handler checks that
 * the file exists.
 */
export function resolveAppFile(url: string, rootDir: string): string | null {
  // The URL parser folds `..` away before we see the path, so a request that tried one (in any
  // spelling) is refused on its face rather than quietly answered from elsewhere in the folder.
  if (DOT_DOT_SEGMENT.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password || parsed.port) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // Nothing the build emits has these; each is a way to name a file elsewhere on some OS.
  if (pathname.includes('\0') || /[\\:]/.test(pathname) || pathname.includes('//')) return null;
  if (pathname.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  const root = path.resolve(rootDir);
  const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
  const relative = lastSegment === '' || !lastSegment.includes('.') ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  return isInside(root, file) && file !== root ? file : null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export const contentTypeOf = (file: string): string => CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Headers sent with every file: the strict CSP (nothing from elsewhere, no framing) and no sniffing. */
export function responseHeaders(file: string): Record<string, string> {
  const headers: Record<string, string> = {};
  // Written out in full (not built from parts) so the static audit can read and rate it.
  headers['Content-Security-Policy'] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  headers['Content-Type'] = contentTypeOf(file);
  headers['X-Content-Type-Options'] = 'nosniff';
  headers['Cache-Control'] = 'no-cache';
  return headers;
}

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Reads the file a request names, or answers 404; a symlink out of the folder counts as outside. */
export async function serveAppRequest(url: string, rootDir: string): Promise<Response> {
  const file = resolveAppFile(url, rootDir);
  if (!file) return notFound();
  try {
    const [realRoot, realFile] = await Promise.all([fs.promises.realpath(rootDir), fs.promises.realpath(file)]);
    if (!isInside(realRoot, realFile) || !(await fs.promises.stat(realFile)).isFile()) return notFound();
    const body = await fs.promises.readFile(realFile);
    return new Response(new Uint8Array(body), { status: 200, headers: responseHeaders(file) });
  } catch {
    return notFound();
  }
}

/** Before the app is ready: app:// behaves like https (its own origin, secure, fetch allowed). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** After the app is ready: app://rapport/ serves the built renderer and nothing else. */
export function handleAppProtocol(rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rootDir));
}
