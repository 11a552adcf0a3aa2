import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackendStartError, startBackend } from './backend/host';
import { defaultDataDir } from './data-dir';
import { loadOrCreateToken, startServer } from './serve';
import { APP_VERSION } from './version';

const USAGE = `Usage: npm run serve -- [--data-dir DIR] [--port N] [--host 127.0.0.1]

Serves Rapport in your browser on this computer only, and prints the address to open.
  --data-dir DIR   where the book lives (default: ${defaultDataDir()})
  --port N         the port (default 4837; 0 picks a free one)
  --host ADDR      the address to listen on (default 127.0.0.1; anything else exposes your book)`;

async function main(): Promise<void> {
  // Every file this process writes (the book, its WAL, backups, the token) is readable by its owner only.
  process.umask(0o077);
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: process.env.RAPPORT_PORT ?? '4837' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}"`);
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const hostname = values.host;
  if (hostname !== '127.0.0.1' && hostname !== 'localhost' && hostname !== '::1') {
    console.warn(`Warning: listening on ${hostname} lets other machines reach your book (with the token).`);
  }

  const backend = await startBackend({
    dataDir,
    mode: 'browser',
    version: APP_VERSION,
    workerFile: path.join(__dirname, 'worker.cjs'),
  });
  const token = loadOrCreateToken(dataDir);
  let server;
  try {
    server = await startServer({ backend, token, port, hostname, staticDir: path.join(__dirname, '..', 'renderer'), log: (m) => console.error(m) });
  } catch (err) {
    await backend.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`Port ${port} is in use. Try --port 0 for any free port.`, { cause: err });
    throw err;
  }
  console.log(`Rapport is running at ${server.url}`);
  console.log(`Book: ${path.join(dataDir, 'rapport.db')}  (Ctrl+C to stop)`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await backend.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  const message = err instanceof BackendStartError || err instanceof Error ? err.message : String(err);
  console.error(`Rapport could not start: ${message}`);
  process.exit(1);
});
