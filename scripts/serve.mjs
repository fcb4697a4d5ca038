#!/usr/bin/env node
// `npm run serve -- [options]`: builds the renderer for the browser when its build is missing or
// older than its sources, then runs the headless host (src/host) in this process through tsx.
// `npm run serve -- --help` lists the options.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(root, 'out', 'renderer', 'index.html');
// What the browser build is made from: a change in any of these makes it stale.
const SOURCES = ['src/renderer', 'src/shared', 'vite.web.config.ts', 'electron.vite.config.ts'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

function buildIfNeeded() {
  const built = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((source) => newestMtime(join(root, source))));
  if (built > 0 && built >= sources) return;
  process.stderr.write(built === 0 ? 'Building the screens for the browser (first start)...\n' : 'The screens changed: rebuilding them for the browser...\n');
  // Vite's output goes to stderr: standard output is kept for the host's start-up lines.
  const result = spawnSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write(
      'Warning: building the screens failed (see above). The REST API and the ISO port work; ' +
        (existsSync(builtIndex) ? 'the browser gets the previous build.\n' : 'the browser gets a page asking for `npm run build:web`.\n'),
    );
  }
}

register();
const { parseServeArgs, SERVE_HELP, UsageError } = await import('../src/host/serve-args.ts');
let args;
try {
  args = parseServeArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${SERVE_HELP}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(SERVE_HELP);
  process.exit(0);
}
buildIfNeeded();
const { runServe } = await import('../src/host/serve-main.ts');
process.exit(await runServe(args));
