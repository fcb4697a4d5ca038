/**
 * Builds better-sqlite3 for the installed Electron's ABI into its own folder
 * (node_modules/.kartu-electron/better-sqlite3), leaving the Node build that the tests and the
 * headless host use untouched. The desktop main process loads it through better-sqlite3's
 * `nativeBinding` option (see better-sqlite3-electron.ts).
 *
 *   npx tsx src/main/native/rebuild-better-sqlite3.ts      (suggested: npm run rebuild:electron)
 *
 * First tries the prebuilt binary better-sqlite3 publishes for Electron (prebuild-install, a
 * download), then compiles from source against Electron's headers (node-gyp; needs a C++
 * toolchain and the headers download). Needs the network once.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { ELECTRON_SQLITE_DIR, ELECTRON_SQLITE_FILE } from './native-binding.js';
import { BUILD_MANIFEST, builtAbi, type BuildManifest } from './build-manifest.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const readVersion = (pkg: string): string => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * npm puts `npm_config_nodedir` (e.g. /usr) into the environment of scripts, and node-gyp then
 * silently compiles against that Node's headers whatever --target says: a binary for the wrong ABI.
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch)$/i.test(key)) delete env[key];
  return env;
}

function run(command: string, args: string[], cwd: string): boolean {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: buildEnv() });
  return result.status === 0;
}

function electronAbi(version: string): string | null {
  try {
    const nodeAbi = createRequire(join(root, 'package.json'))('node-abi') as { getAbi(target: string, runtime: string): string };
    return nodeAbi.getAbi(version, 'electron');
  } catch {
    return null;
  }
}

function main(): number {
  const electron = readVersion('electron');
  const sqlite = readVersion('better-sqlite3');
  const { platform, arch } = process;
  const work = mkdtempSync(join(tmpdir(), 'kartu-electron-sqlite-'));
  try {
    const source = join(root, 'node_modules', 'better-sqlite3');
    for (const entry of ['package.json', 'binding.gyp', 'lib', 'src', 'deps']) {
      if (existsSync(join(source, entry))) cpSync(join(source, entry), join(work, entry), { recursive: true });
    }
    const built = join(work, 'build', 'Release', ELECTRON_SQLITE_FILE);
    const prebuild = join(root, 'node_modules', '.bin', 'prebuild-install');
    const target = ['--runtime=electron', `--target=${electron}`, `--arch=${arch}`, `--platform=${platform}`];
    let ok = existsSync(prebuild) && run(prebuild, [...target, '--verbose'], work) && existsSync(built);
    if (!ok) {
      console.log('No prebuilt binary; compiling against Electron headers instead.');
      const gyp = process.env.npm_config_node_gyp;
      const [cmd, args] = gyp ? [process.execPath, [gyp]] : ['node-gyp', []];
      ok = run(cmd, [...args, 'rebuild', '--release', `--target=${electron}`, `--arch=${arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], work) && existsSync(built);
    }
    const expected = electronAbi(electron);
    const actual = ok ? builtAbi(built) : null;
    if (ok && expected && actual !== expected) {
      console.error(`\nThe build came out for ABI ${actual ?? 'unknown'}, but Electron ${electron} needs ${expected}. Nothing was installed.`);
      return 1;
    }
    if (!ok) {
      console.error(`\nCould not build better-sqlite3 ${sqlite} for Electron ${electron} (${platform}-${arch}). Both need the network (GitHub releases, electronjs.org/headers); the compile also needs python3, make and a C++ compiler.`);
      return 1;
    }
    const outDir = join(root, ELECTRON_SQLITE_DIR);
    mkdirSync(outDir, { recursive: true });
    copyFileSync(built, join(outDir, ELECTRON_SQLITE_FILE));
    const manifest: BuildManifest = { electron, betterSqlite3: sqlite, platform, arch, abi: actual ?? 'unknown' };
    writeFileSync(join(outDir, BUILD_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    console.log(`\nbetter-sqlite3 ${sqlite} for Electron ${electron} (${platform}-${arch}) -> ${join(ELECTRON_SQLITE_DIR, ELECTRON_SQLITE_FILE)}`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
