import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Rapport';

/**
 * The same folder Electron's `app.getPath('userData')` gives for an app named Rapport, computed
 * here because browser mode runs without Electron. `RAPPORT_DATA_DIR` overrides it.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (env.RAPPORT_DATA_DIR) return path.resolve(env.RAPPORT_DATA_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
}
