import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_MANIFEST, bindingMismatch, builtAbi } from './build-manifest.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('the Electron build of better-sqlite3', () => {
  it('reads the ABI a native module was built for (the Node build here is for this Node)', () => {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    expect(builtAbi(join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node'))).toBe(process.versions.modules);
  });

  it('says to rebuild when the binary was made for another Electron', () => {
    dir = mkdtempSync(join(tmpdir(), 'kartu-native-'));
    const binding = join(dir, 'better_sqlite3.node');
    writeFileSync(join(dir, BUILD_MANIFEST), JSON.stringify({ electron: '41.0.0', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64', abi: '145' }));
    expect(bindingMismatch(binding, { electron: '42.11.18', platform: 'linux', arch: 'x64' })).toMatch(/built for Electron 41\.0\.0.*npm run rebuild:electron/);
    expect(bindingMismatch(binding, { electron: '41.0.0', platform: 'linux', arch: 'x64' })).toBeNull();
  });
});
