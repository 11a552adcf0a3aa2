// Builds the three rooms: the renderer with Vite, and the Node/Electron side (main, preload,
// the back end's worker, browser mode's CLI, the benchmark) with esbuild as CommonJS, which a
// sandboxed preload requires and which loads better-sqlite3's native binary as is.
import { build as esbuild } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv[2];

if (!only) rmSync(new URL('../out', import.meta.url), { recursive: true, force: true });

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
};

const nodeEntries = {
  'electron/main': 'electron/main.ts',
  'electron/preload': 'electron/preload.ts',
  'electron/worker': 'electron/backend/worker.ts',
  'electron/row-reader': 'electron/backend/row-reader.ts',
  'electron/book-check': 'electron/backend/book-check.ts',
  'electron/serve-cli': 'electron/serve-cli.ts',
  'test/bench': 'test/bench/bench.ts',
  'test/seed': 'test/bench/seed-cli.ts',
};

const tasks = [];
if (!only || only === 'node') {
  tasks.push(
    esbuild({ ...common, entryPoints: nodeEntries, outdir: 'out', outExtension: { '.js': '.cjs' } }),
  );
}
if (!only || only === 'renderer') {
  tasks.push(viteBuild({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn' }));
}
await Promise.all(tasks);
console.log('built out/');
