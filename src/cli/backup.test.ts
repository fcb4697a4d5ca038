import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKartu } from '../core/kartu.js';
import { basicCardholder } from '../core/testing/fixtures.js';
import { main } from './kartu.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line), readStdin: async () => '' } };
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('kartu backup create|restore', () => {
  it('backs up while a Kartu has the data directory open, refuses to restore then, and restores once it is stopped', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kartu-cli-backup-'));
    roots.push(root);
    const dataDir = join(root, 'data');
    const kartu = await openKartu({ dataDir });
    const member = await basicCardholder(kartu.live);
    const to = join(root, 'backup');
    const made = capture();
    expect(await main(['backup', 'create', '--data-dir', dataDir, '--to', to], made.io)).toBe(0);
    expect(made.out.join('\n')).toContain('NOT in this backup');
    expect(readdirSync(to).sort()).toEqual(['kartu-backup.json', 'live.db', 'sandbox.db']);

    const refused = capture();
    expect(await main(['backup', 'restore', '--data-dir', dataDir, '--from', to], refused.io)).toBe(2);
    expect(refused.err.join('\n')).toContain('Stop it, then restore');

    // A cardholder written after the backup is gone once it is restored.
    await basicCardholder(kartu.live, 'Later Person', '+6281200000001');
    await kartu.close();
    const restored = capture();
    expect(await main(['backup', 'restore', '--data-dir', dataDir, '--from', to], restored.io)).toBe(0);
    expect(restored.out.join('\n')).toContain('replaced-');
    const again = await openKartu({ dataDir });
    try {
      const ids = (await again.live.services.db.selectFrom('cardholders').select(['id', 'name']).execute()).map((row) => row.id);
      expect(ids).toEqual([member.id]);
    } finally {
      await again.close();
    }
  }, 30_000);

  it('asks for the folder', async () => {
    const { io, err } = capture();
    expect(await main(['backup', 'create', '--data-dir', '/tmp/nowhere-kartu'], io)).toBe(2);
    expect(err.join('\n')).toContain('--to FOLDER is required');
    expect(existsSync('/tmp/nowhere-kartu')).toBe(false);
  });
});
