import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../core/bus/actor.js';
import { raw, startTestHost, type TestHost } from '../host/testing/host-fixture.js';
import { main } from './kartu.js';
import type { CliIo } from './cli-io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The real thing: `npx tsx src/cli/kartu.ts ...` in a child process. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return spawnAndCollect('npx', ['tsx', 'src/cli/kartu.ts', ...args]);
}

function spawnAndCollect(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, KARTU_DATA_DIR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}

/** The documented form: `npm run -s kartu -- ...`. */
function runNpm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return spawnAndCollect('npm', ['run', '-s', 'kartu', '--', ...args]);
}

/** In-process, for the many small cases (the same main the binary runs). */
async function run(args: string[], stdin = ''): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => stdin };
  const code = await main(args, io, {});
  return { code, out, err };
}

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host.stop();
});

describe('kartu (spawned)', () => {
  it('creates a key while the host runs on the same data directory; the key works against it at once', async () => {
    // The host keeps writing to the same database for as long as the CLI runs.
    let cliDone = false;
    let written = 0;
    const writes = (async () => {
      while (!cliDone) {
        await host.kartu.sandbox.bus.execute('program-create', { name: `Busy ${written}`, kind: 'loyalty', currency: 'IDR' }, SYSTEM_ACTOR);
        written++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const created = await runCli(['keys', 'create', '--data-dir', host.dataDir, '--mode', 'test', '--name', 'From the CLI']);
    cliDone = true;
    await writes;
    expect(written).toBeGreaterThan(20);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const secret = lines[lines.length - 1] as string;
    expect(secret).toMatch(/^kartu_test_[0-9A-Za-z]{32}$/);
    const answer = await raw(host.port, { path: '/v1/programs?limit=100', headers: { Authorization: `Bearer ${secret}` } });
    expect(answer.status).toBe(200);
    expect(answer.json.data.length).toBe(Math.min(100, written));

  });

  it('through npm: exits 2 with a message on stderr for an unknown command', async () => {
    const unknown = await runNpm(['keys', 'destroy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain("unknown command 'keys destroy'");
  });
});

describe('kartu (in process)', () => {
  it('prints help, and exits 2 for bad arguments', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toContain('keys create --data-dir DIR --mode test|live');
    const bad = await run(['keys', 'create', '--data-dir', host.dataDir, '--mode', 'prod']);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain("--mode must be 'test' or 'live'");
  });

  it('makes restricted keys that carry only their scopes', async () => {
    const restricted = await run(['keys', 'create', '--data-dir', host.dataDir, '--mode', 'live', '--scopes', 'programs:read']);
    const rk = restricted.out[restricted.out.length - 1] as string;
    expect(rk).toMatch(/^rk_live_/);
    expect((await raw(host.port, { path: '/v1/programs', headers: { Authorization: `Bearer ${rk}` } })).json).toEqual({ object: 'list', data: [], has_more: false });
    const refused = await raw(host.port, { method: 'POST', path: '/v1/programs', headers: { Authorization: `Bearer ${rk}` }, json: { name: 'X', kind: 'loyalty', currency: 'IDR' } });
    expect(refused.status).toBe(403);
  });

  it('lists keys without their secrets, and revokes one so that it stops working', async () => {
    const created = await run(['keys', 'create', '--data-dir', host.dataDir, '--mode', 'test']);
    const secret = created.out[created.out.length - 1] as string;
    const list = await run(['keys', 'list', '--data-dir', host.dataDir, '--json']);
    expect(list.code).toBe(0);
    const keys = JSON.parse(list.out.join('\n')) as Array<{ id: string; redacted: string }>;
    expect(list.out.join('\n')).not.toContain(secret);
    const key = keys.find((k) => k.redacted.endsWith(secret.slice(-4))) as { id: string };
    expect((await raw(host.port, { path: '/v1/programs', headers: { Authorization: `Bearer ${secret}` } })).status).toBe(200);
    const revoked = await run(['keys', 'revoke', '--data-dir', host.dataDir, key.id]);
    expect(revoked.code).toBe(0);
    expect((await raw(host.port, { path: '/v1/programs', headers: { Authorization: `Bearer ${secret}` } })).status).toBe(401);
    const table = await run(['keys', 'list', '--data-dir', host.dataDir, '--mode', 'test']);
    expect(table.out[0]).toMatch(/^ID\s+MODE\s+TYPE/);
    expect(table.out.join('\n')).toContain('revoked');
    expect((await run(['keys', 'revoke', '--data-dir', host.dataDir, 'key_nope'])).code).toBe(1);
  });

  it('creates staff who can then sign in to the running host', async () => {
    const created = await run(['staff', 'create', '--data-dir', host.dataDir, '--name', 'Rina', '--role', 'manager', '--pin-stdin'], '583920\n');
    expect(created.code).toBe(0);
    expect(created.out[0]).toContain('"Rina" (manager)');
    const signIn = await raw(host.port, { method: 'POST', path: '/session', json: { pin: '583920' } });
    expect(signIn.json.result.staff).toMatchObject({ name: 'Rina', role: 'manager' });
    const badPin = await run(['staff', 'create', '--data-dir', host.dataDir, '--name', 'X', '--role', 'cashier', '--pin', '12']);
    expect(badPin.code).toBe(2);
    expect(badPin.err.join('\n')).toContain('(pin)');
    expect((await run(['staff', 'create', '--data-dir', host.dataDir, '--name', 'X', '--role', 'cashier'])).code).toBe(2);
    const list = await run(['staff', 'list', '--data-dir', host.dataDir]);
    expect(list.out.join('\n')).toContain('Rina');
  });

  it('verifies the audit chain, and says when it is broken', async () => {
    const ok = await run(['audit', 'verify', '--data-dir', host.dataDir]);
    expect(ok.code).toBe(0);
    expect(ok.out.join('\n')).toMatch(/sandbox\.db: audit log intact, \d+ entr/);
    host.kartu.sandbox.database.sqlite.prepare("UPDATE audit_log SET action = 'tampered' WHERE seq = 1").run();
    const broken = await run(['audit', 'verify', '--data-dir', host.dataDir, '--mode', 'test']);
    expect(broken.code).toBe(1);
    expect(broken.out.join('\n')).toContain('AUDIT LOG BROKEN');
  });

  it('refuses unknown scopes and options, and reports an unusable data directory', async () => {
    const scope = await run(['keys', 'create', '--data-dir', host.dataDir, '--mode', 'test', '--scopes', 'cards:read,cards:fly']);
    expect(scope.code).toBe(2);
    expect(scope.err.join('\n')).toContain("Unknown scope 'cards:fly'");
    expect((await run(['keys', 'list', '--data-dir', host.dataDir, '--colour'])).code).toBe(2);
    expect((await run(['keys', 'revoke', '--data-dir', host.dataDir])).code).toBe(2);
    expect((await run([])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'kartu-cli-'));
    try {
      const file = join(dir, 'file');
      writeFileSync(file, 'x');
      const notDir = await run(['keys', 'list', '--data-dir', file]);
      expect(notDir.code).toBe(1);
      expect(notDir.err.join('\n')).toContain('is not a folder');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
