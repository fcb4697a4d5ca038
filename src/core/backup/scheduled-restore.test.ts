import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKartu, type Kartu } from '../kartu.js';
import { CASHIER, MANAGER, OWNER } from '../testing/test-engine.js';
import { LAST_RESTORE_FILE, SCHEDULED_RESTORE_FILE } from './scheduled-restore.js';
import { openKartuAfterRestore } from './open-after-restore.js';
import { MANIFEST_NAME } from './manifest.js';

/**
 * Restore from the app: scheduled on the bus while Kartu runs (the databases stay open and
 * untouched), applied when the host next opens the data directory.
 */
let root: string;
let dataDir: string;
let kartu: Kartu | null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kartu-restore-'));
  dataDir = join(root, 'data');
  kartu = null;
});
afterEach(async () => {
  await kartu?.close();
  rmSync(root, { recursive: true, force: true });
});

async function open(): Promise<Kartu> {
  kartu = await openKartu({ dataDir });
  return kartu;
}

async function reopenAfterRestore(lines: string[] = []): Promise<Kartu> {
  await kartu?.close();
  kartu = await openKartuAfterRestore({ dataDir }, (outcome) => lines.push(outcome.outcome));
  return kartu;
}

async function programNames(k: Kartu): Promise<string[]> {
  const list = await k.live.bus.send('program-list', { limit: 100 }, OWNER);
  return list.data.map((p) => p.name).sort();
}

async function backup(k: Kartu, name = 'backup'): Promise<string> {
  const folder = join(root, name);
  await k.live.bus.send('backup-create', { folder }, OWNER);
  return folder;
}

describe('a restore scheduled from the app', () => {
  it('is scheduled while Kartu runs, changes nothing until the next start, then brings the backup back and keeps the replaced data', async () => {
    const k = await open();
    await k.live.bus.send('program-create', { name: 'Before', kind: 'loyalty', currency: 'IDR' }, OWNER);
    const folder = await backup(k);
    await k.live.bus.send('program-create', { name: 'After', kind: 'loyalty', currency: 'IDR' }, OWNER);

    const scheduled = await k.sandbox.bus.send('backup-restore-schedule', { folder: `  ${folder}  ` }, OWNER);
    expect(scheduled).toMatchObject({ object: 'scheduled_restore', folder, includes_card_data_key: false, scheduled_by: { type: 'staff', id: OWNER.id } });
    expect(scheduled.note).toContain('replaced-<time>/');
    // The running engines still see today's data: nothing was swapped under them.
    expect(await programNames(k)).toEqual(['After', 'Before']);
    const status = await k.live.bus.send('backup-status', {}, OWNER);
    expect(status.scheduled_restore?.folder).toBe(folder);
    expect(status.history[0]).toMatchObject({ folder, include_key: false });

    const outcomes: string[] = [];
    const again = await reopenAfterRestore(outcomes);
    expect(outcomes).toEqual(['restored']);
    expect(await programNames(again)).toEqual(['Before']);
    expect(existsSync(join(dataDir, SCHEDULED_RESTORE_FILE))).toBe(false);
    const after = await again.live.bus.send('backup-status', {}, OWNER);
    expect(after.scheduled_restore).toBeNull();
    expect(after.last_restore).toMatchObject({ outcome: 'restored', folder, error: null, scheduled_by: { id: OWNER.id } });
    // Nothing deleted: the databases that were replaced (with 'After' in them) are kept.
    const replaced = after.last_restore!.replaced_folder!;
    expect(readdirSync(replaced)).toEqual(expect.arrayContaining(['live.db', 'sandbox.db']));
    const old = await openKartu({ dataDir: replaced });
    expect(await programNames(old)).toEqual(['After', 'Before']);
    await old.close();
    // Both restored databases say on their own trail that they were put back, and the chain holds.
    for (const engine of [again.sandbox, again.live]) {
      const entry = await engine.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'backup-restore-apply').executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ actor_type: 'system', outcome: 'ok' });
      expect((await engine.bus.send('audit-verify', {}, OWNER)).ok).toBe(true);
    }
    // The next start has nothing to do.
    const outcomesLater: string[] = [];
    await reopenAfterRestore(outcomesLater);
    expect(outcomesLater).toEqual([]);
  });

  it('refuses a bad folder, an unknown field and anyone but the owner, writing no request', async () => {
    const k = await open();
    const folder = await backup(k);
    const notABackup = join(root, 'empty');
    const attempts: Array<[unknown, typeof OWNER, string]> = [
      [{ folder: notABackup }, OWNER, 'backup_manifest_missing'],
      [{ folder: dataDir }, OWNER, 'backup_manifest_missing'],
      [{ folder: '   ' }, OWNER, 'parameter_invalid'],
      [{ folder, when: 'now' }, OWNER, 'parameter_unknown'],
      [{ folder }, MANAGER, 'insufficient_permissions'],
      [{ folder }, CASHIER, 'insufficient_permissions'],
    ];
    for (const [input, actor, code] of attempts) {
      await expect(k.live.bus.execute('backup-restore-schedule', input, actor), JSON.stringify(input)).rejects.toMatchObject({ code });
    }
    await expect(k.live.bus.execute('backup-status', {}, MANAGER)).rejects.toMatchObject({ code: 'insufficient_permissions' });
    expect(existsSync(join(dataDir, SCHEDULED_RESTORE_FILE))).toBe(false);
    const refused = await k.live.services.db.selectFrom('audit_log').select('outcome').where('action', '=', 'backup-restore-schedule').execute();
    // The two well-formed requests from the owner are on the trail as refused (the bus refuses bad
    // input and roles before a command runs, without an entry).
    expect(refused.map((r) => r.outcome)).toEqual(['refused', 'refused']);
    // A later start restores nothing.
    const outcomes: string[] = [];
    await reopenAfterRestore(outcomes);
    expect(outcomes).toEqual([]);
  });

  it('a backup damaged after it was scheduled is refused at start-up: the data stays, the request is consumed and the failure is shown and audited', async () => {
    const k = await open();
    await k.live.bus.send('program-create', { name: 'Kept', kind: 'loyalty', currency: 'IDR' }, OWNER);
    const folder = await backup(k);
    await k.live.bus.send('backup-restore-schedule', { folder }, OWNER);
    writeFileSync(join(folder, 'live.db'), 'not a database any more');

    const outcomes: string[] = [];
    const again = await reopenAfterRestore(outcomes);
    expect(outcomes).toEqual(['failed']);
    expect(await programNames(again)).toEqual(['Kept']);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('replaced-') || name.startsWith('.restore-'))).toEqual([]);
    const status = await again.live.bus.send('backup-status', {}, OWNER);
    expect(status.scheduled_restore).toBeNull();
    expect(status.last_restore).toMatchObject({ outcome: 'failed', folder, error: { code: 'backup_checksum_mismatch' } });
    const entry = await again.live.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'backup-restore-apply').executeTakeFirstOrThrow();
    expect(entry.outcome).toBe('refused');
  });

  it('a damaged request file does not stop Kartu from starting', async () => {
    await open();
    await kartu!.close();
    kartu = null;
    writeFileSync(join(dataDir, SCHEDULED_RESTORE_FILE), '{"folder":');
    const again = await reopenAfterRestore();
    const status = await again.live.bus.send('backup-status', {}, OWNER);
    expect(status.last_restore).toMatchObject({ outcome: 'failed', error: { code: 'restore_request_damaged' } });
    expect(existsSync(join(dataDir, LAST_RESTORE_FILE))).toBe(true);
  });

  it('can be canceled before the next start; canceling nothing is a clear error', async () => {
    const k = await open();
    const folder = await backup(k);
    await k.live.bus.send('backup-restore-schedule', { folder }, OWNER);
    await expect(k.live.bus.execute('backup-restore-cancel', {}, MANAGER)).rejects.toMatchObject({ code: 'insufficient_permissions' });
    expect(existsSync(join(dataDir, SCHEDULED_RESTORE_FILE))).toBe(true);
    await k.live.bus.send('backup-restore-cancel', {}, OWNER);
    expect(existsSync(join(dataDir, SCHEDULED_RESTORE_FILE))).toBe(false);
    await expect(k.live.bus.execute('backup-restore-cancel', {}, OWNER)).rejects.toMatchObject({ code: 'restore_not_scheduled' });
    expect(existsSync(join(folder, MANIFEST_NAME))).toBe(true);
    const outcomes: string[] = [];
    await reopenAfterRestore(outcomes);
    expect(outcomes).toEqual([]);
  });

  it('a backup with its key also moves the desktop’s keychain key file aside, so the desktop does not see two keys', async () => {
    const k = await open();
    const folder = join(root, 'with-key');
    await k.live.bus.send('backup-create', { folder, include_key: true }, OWNER);
    await k.live.bus.send('backup-restore-schedule', { folder }, OWNER);
    writeFileSync(join(dataDir, 'card-data.key.safe'), 'keychain-encrypted key of this desktop');
    const again = await reopenAfterRestore();
    const { last_restore: last } = await again.live.bus.send('backup-status', {}, OWNER);
    expect(last).toMatchObject({ outcome: 'restored', key_restored: true });
    expect(existsSync(join(dataDir, 'card-data.key.safe'))).toBe(false);
    expect(readdirSync(last!.replaced_folder!)).toEqual(expect.arrayContaining(['card-data.key', 'card-data.key.safe', 'live.db', 'sandbox.db']));
  });
});
