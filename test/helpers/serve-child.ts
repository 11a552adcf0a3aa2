// Browser mode's server in a process of its own, with limits a test can wait for: bundled by
// test/integration/serve-fuzz.test.ts (esbuild) and run with `node`. A request that crashes the
// server then ends this process, as it would end `npm run serve`, instead of surfacing as an error
// that the test runner catches and lives through.
//
//   node serve-child.cjs <dataDir> <staticDir> <workerFile> <timeouts as JSON>
import { startBackend } from '../../electron/backend/host';
import { loadOrCreateToken, startServer, type ServeTimeouts } from '../../electron/serve';

async function main(): Promise<void> {
  const [dataDir, staticDir, workerFile, timeouts] = process.argv.slice(2);
  if (!dataDir || !staticDir || !workerFile || !timeouts) throw new Error('usage: serve-child <dataDir> <staticDir> <workerFile> <timeouts JSON>');
  const log = (message: string) => console.error(message);
  const backend = await startBackend({ dataDir, mode: 'browser', version: '0.0.0-fuzz', workerFile, log });
  const server = await startServer({ backend, staticDir, token: loadOrCreateToken(dataDir), log, timeouts: JSON.parse(timeouts) as Partial<ServeTimeouts> });
  // The same line serve-cli prints, so one reader serves both.
  console.log(`Rapport is running at ${server.url}`);
}

main().catch((err: unknown) => {
  console.error(`serve-child could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
