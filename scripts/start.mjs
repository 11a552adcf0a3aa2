// `npm start`: the desktop app where Electron can run, browser mode where it cannot (no binary,
// or no display), so the app always starts. Arguments after `--` go to whichever runs.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkElectron } from './electron-available.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const electron = checkElectron(root);

/** @type {import('node:child_process').ChildProcess} */
let child;
if (electron.ok) {
  // An inherited ELECTRON_RUN_AS_NODE would start plain Node instead of the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  child = spawn(electron.binary, ['.', ...args], { cwd: root, stdio: 'inherit', env });
} else {
  console.log(`Electron can't run here (${electron.reason}) — serving Rapport in your browser instead.`);
  child = spawn(process.execPath, [path.join(root, 'out', 'electron', 'serve-cli.cjs'), ...args], { stdio: 'inherit' });
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (err) => {
  console.error(`Rapport could not start: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
});
