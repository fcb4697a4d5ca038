import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu } from '../core/kartu.js';
import { raw } from './testing/host-fixture.js';
import { parseServeArgs, UsageError } from './serve-args.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kartu-serve-'));
  dirs.push(dir);
  return dir;
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(command: string, args: string[]): Running {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, KARTU_LOG_LEVEL: 'warn' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function readyLine(running: Running, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Kartu is ready: (\S+)\n/.exec(running.stdout());
    if (match) return match[1] as string;
    if (running.child.exitCode !== null) throw new Error(`exited early: ${running.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no ready line');
}

describe('serve (the host as a process)', () => {
  it('starts, prints the link last, and on SIGTERM finishes, closes the databases and exits 0', async () => {
    const dataDir = tempDir();
    // Node itself (not npx, which does not pass SIGTERM on) runs the host, as scripts/serve.mjs does.
    const running = start(process.execPath, ['--import', 'tsx', 'src/host/serve-main.ts', '--data-dir', dataDir, '--port', '0', '--iso-port', 'off']);
    const link = await readyLine(running);
    const lines = running.stdout().trimEnd().split('\n');
    expect(lines[lines.length - 1]).toBe(`Kartu is ready: ${link}`);
    const url = new URL(link);
    const port = Number(url.port);
    const signedIn = await raw(port, { path: url.pathname + url.search });
    expect(signedIn.status).toBe(303);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.stderr()).toContain('Kartu stopped.');
    // Closed cleanly: the directory opens again, with the owner the link created.
    const kartu = await openKartu({ dataDir });
    try {
      const staff = await kartu.live.services.db.selectFrom('staff').select('name').execute();
      expect(staff).toEqual([{ name: 'Owner' }]);
    } finally {
      await kartu.close();
    }
  });

  it('exits 1 with a clear message when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const running = start(process.execPath, ['--import', 'tsx', 'src/host/serve-main.ts', '--data-dir', tempDir(), '--port', String(port), '--iso-port', 'off']);
      expect(await running.exited).toBe(1);
      expect(running.stderr()).toContain(`Kartu could not start: HTTP port ${port} on 127.0.0.1 is already in use`);
      expect(running.stdout()).not.toContain('Kartu is ready');
    } finally {
      blocker.close();
    }
  });

  it('`npm run serve` refuses bad arguments with exit 2 before building anything', async () => {
    const running = start('npm', ['run', '-s', 'serve', '--', '--port', 'eighty']);
    expect(await running.exited).toBe(2);
    expect(running.stderr()).toContain("--port must be a port number from 0 to 65535, not 'eighty'");
    expect(running.stderr()).toContain('Usage: npm run serve');
    expect(running.stderr()).not.toContain('Building');
  });
});

describe('serve arguments', () => {
  it('have the documented defaults', () => {
    const args = parseServeArgs([], { KARTU_DATA_DIR: '/tmp/k' });
    expect(args).toMatchObject({ dataDir: '/tmp/k', port: 4317, host: '127.0.0.1', isoPort: 8583, isoPortLive: undefined, demo: false });
    expect(parseServeArgs([], {}).dataDir).toMatch(/\.kartu$/);
    expect(parseServeArgs(['--iso-port', 'off', '--iso-port-live', '8584', '--demo', '--port', '0'], {})).toMatchObject({ isoPort: undefined, isoPortLive: 8584, demo: true, port: 0 });
  });

  it('refuse what they do not know', () => {
    for (const bad of [['--port', '70000'], ['--prot', '1'], ['--demo-seed', 'x'], ['extra'], ['--iso-port-live', '-1']]) {
      expect(() => parseServeArgs(bad, {}), bad.join(' ')).toThrow(UsageError);
    }
  });
});
