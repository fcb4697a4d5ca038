import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Written next to the Electron build of better-sqlite3: what it was built for. */
export const BUILD_MANIFEST = 'build.json';

export interface BuildManifest {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
  /** NODE_MODULE_VERSION found in the built binary. */
  abi: string;
}

/**
 * A binary built for another Electron would crash or refuse to load with an opaque message; say
 * what to do instead. Returns null when the build matches (or predates manifests).
 */
export function bindingMismatch(bindingPath: string, running: { electron: string; platform: string; arch: string }): string | null {
  const path = join(dirname(bindingPath), BUILD_MANIFEST);
  if (!existsSync(path)) return null;
  let manifest: BuildManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BuildManifest;
  } catch {
    return null;
  }
  if (manifest.electron === running.electron && manifest.platform === running.platform && manifest.arch === running.arch) return null;
  return (
    `The SQLite driver at ${bindingPath} was built for Electron ${manifest.electron} (${manifest.platform}-${manifest.arch}), ` +
    `but this is Electron ${running.electron} (${running.platform}-${running.arch}). Run \`npm run rebuild:electron\` again.`
  );
}

/** The NODE_MODULE_VERSION a native module was built for (its exported register symbol says it). */
export function builtAbi(file: string): string | null {
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return match?.[1] ?? null;
}
