import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bindingMismatch } from './build-manifest.js';

/** Where `npm run rebuild:electron` puts better-sqlite3 built for Electron's ABI (kept out of the Node build). */
export const ELECTRON_SQLITE_DIR = join('node_modules', '.kartu-electron', 'better-sqlite3');
export const ELECTRON_SQLITE_FILE = 'better_sqlite3.node';

export interface BindingLocation {
  isPackaged: boolean;
  /** app.getAppPath(): the project root in development. */
  appPath: string;
  /** process.resourcesPath: where a packaged app keeps unpacked native files. */
  resourcesPath: string;
}

/** The path of the Electron build of better-sqlite3, packaged or from a checkout. */
export function electronSqliteBindingPath(where: BindingLocation): string {
  return where.isPackaged
    ? join(where.resourcesPath, 'native', ELECTRON_SQLITE_FILE)
    : join(where.appPath, ELECTRON_SQLITE_DIR, ELECTRON_SQLITE_FILE);
}

export class MissingNativeBindingError extends Error {}

export function assertBindingUsable(path: string, running: { electron: string; platform: string; arch: string }): void {
  if (!existsSync(path)) {
    throw new MissingNativeBindingError(
      `The SQLite driver built for Electron is missing at ${path}. Run \`npm run rebuild:electron\` once (it needs the network), then start again.`,
    );
  }
  const mismatch = bindingMismatch(path, running);
  if (mismatch) throw new MissingNativeBindingError(mismatch);
}
