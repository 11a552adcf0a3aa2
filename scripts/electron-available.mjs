// Whether the desktop app can run on this machine: the Electron binary must be on disk (it cannot
// always be downloaded) and, on Linux, there must be a display. `npm start` falls back to
// browser mode otherwise.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** @typedef {{ ok: true, binary: string } | { ok: false, reason: string }} ElectronCheck */

/**
 * Where the electron package keeps its binary (dist/ + the name in path.txt), or null. Read the
 * way its index.js does, but without requiring it: that would try to download a missing binary.
 * @param {string} root the project folder (holds package.json and node_modules)
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | null}
 */
export function locateElectronBinary(root, env = process.env) {
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  let executable = '';
  try {
    executable = fs.readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    // No path.txt: the binary was never fetched.
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
  return executable ? path.join(packageDir, 'dist', executable) : null;
}

/**
 * The decision itself, pure: a binary that exists, and a display where Linux needs one.
 * @param {{ binary: string | null, binaryExists: boolean, platform: NodeJS.Platform, env: NodeJS.ProcessEnv }} facts
 * @returns {ElectronCheck}
 */
export function decideElectron({ binary, binaryExists, platform, env }) {
  if (!binary || !binaryExists) return { ok: false, reason: 'no Electron binary; fetch it with `npm run electron:fetch`' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { ok: false, reason: 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set' };
  return { ok: true, binary };
}

/**
 * @param {string} root
 * @param {{ platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv }} [options]
 * @returns {ElectronCheck}
 */
export function checkElectron(root, { platform = process.platform, env = process.env } = {}) {
  const binary = locateElectronBinary(root, env);
  return decideElectron({ binary, binaryExists: binary !== null && fs.existsSync(binary), platform, env });
}
