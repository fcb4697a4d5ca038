import BetterSqlite3 from 'better-sqlite3';

/**
 * Stands in for `better-sqlite3` inside the Electron main bundle (see electron.vite.config.ts):
 * the same class, but loading the binary built for Electron's ABI through the `nativeBinding`
 * option. Tests and the headless host run on Node and keep using the package's own build.
 */
let bindingPath: string | null = null;

/** Main calls this once, before the core opens a database. */
export function useNativeBinding(path: string): void {
  bindingPath = path;
}

class ElectronBetterSqlite3 extends (BetterSqlite3 as unknown as new (filename?: string | Buffer, options?: BetterSqlite3.Options) => BetterSqlite3.Database) {
  constructor(filename?: string | Buffer, options: BetterSqlite3.Options = {}) {
    if (!bindingPath) throw new Error('better-sqlite3: useNativeBinding() was not called before opening a database.');
    super(filename, { nativeBinding: bindingPath, ...options });
  }
}

export default ElectronBetterSqlite3 as unknown as typeof BetterSqlite3;
