import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
import { RENDERER_CSP } from './src/shared/csp.js';

const root = import.meta.dirname;
const SQLITE_SHIM = resolve(root, 'src/main/native/better-sqlite3-electron.ts');

/**
 * The core opens SQLite with `import BetterSqlite3 from 'better-sqlite3'`. Inside Electron that
 * module must load a binary built for Electron's ABI, kept apart from the Node build the tests use.
 * In the main bundle only, the import is redirected to a shim that passes better-sqlite3's
 * `nativeBinding` option; the shim's own import stays the real, external package.
 */
function electronSqlite(): Plugin {
  return {
    name: 'kartu:electron-better-sqlite3',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'better-sqlite3') return null;
      if (importer === SQLITE_SHIM) return { id: 'better-sqlite3', external: true };
      return SQLITE_SHIM;
    },
  };
}

/**
 * Adds the CSP as a <meta> right after the charset in production builds (before any script, so it
 * covers them all). Not in the dev server, whose inline refresh preamble it would refuse.
 */
function cspMeta(): Plugin {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP}" />`;
  return {
    name: 'kartu:csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const charset = /<meta charset="UTF-8" \/>/i;
        if (!charset.test(html)) throw new Error('index.html must start its <head> with <meta charset="UTF-8" />');
        return html.replace(charset, (tag) => `${tag}\n    ${meta}`);
      },
    },
  };
}

/**
 * Everything the first screen (main.tsx and what it imports statically: React, i18n, the shell, the
 * dashboard) needs goes into ONE chunk. Left to itself the bundler splits out each small module
 * that a lazy screen shares with the first screen (states, money, dates, field...): ~18 files
 * the browser must fetch before the app starts, 6 at a time, each a round trip to a host that is
 * also answering the dashboard's queries. Lazy screens and the chart library stay their own chunks.
 */
type ChunkingContext = { getModuleInfo(id: string): { isEntry: boolean; importers: readonly string[] } | null };
/** Per chunking pass: the modules known to be reached from the entry by static imports only. */
const reachedByPass = new WeakMap<ChunkingContext, Set<string>>();

function firstScreenChunk(id: string, ctx: ChunkingContext): string | null {
  let known = reachedByPass.get(ctx);
  if (!known) reachedByPass.set(ctx, (known = new Set()));
  const reachedSet = known;
  const seen = new Set<string>();
  // Only "reached" is remembered: a "no" found inside an import cycle may be premature.
  const reached = (moduleId: string): boolean => {
    if (reachedSet.has(moduleId)) return true;
    if (seen.has(moduleId)) return false;
    seen.add(moduleId);
    const info = ctx.getModuleInfo(moduleId);
    const result = info !== null && (info.isEntry || info.importers.some(reached));
    if (result) reachedSet.add(moduleId);
    return result;
  };
  return reached(id) ? 'index' : null;
}

/** The renderer as both hosts build it: Electron (out/renderer via electron-vite) and the browser (vite.web.config.ts). */
export function rendererConfig(): UserConfig {
  return {
    root: resolve(root, 'src/renderer'),
    base: './',
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      target: 'es2023',
      sourcemap: true,
      rolldownOptions: {
        input: resolve(root, 'src/renderer/index.html'),
        output: { codeSplitting: { groups: [{ name: firstScreenChunk, debugName: 'first-screen' }] } },
      },
    },
  };
}

export default defineConfig({
  main: {
    plugins: [electronSqlite()],
    build: {
      // Dependencies stay in node_modules (native and large); better-sqlite3 goes through the shim.
      externalizeDeps: { exclude: ['better-sqlite3'] },
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'src/main/index.ts') },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require from node_modules and cannot be an ES module.
      externalizeDeps: false,
      outDir: resolve(root, 'out/preload'),
      lib: { entry: resolve(root, 'src/preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: rendererConfig(),
});
