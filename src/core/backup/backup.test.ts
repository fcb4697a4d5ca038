import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKartu, type Kartu } from '../kartu.js';
import { systemClock } from '../kernel/clock.js';
import { checkLedger } from '../ledger/ledger-check.js';
import { CASHIER, MANAGER, OWNER, testEngine } from '../testing/test-engine.js';
import { prepaidCard } from '../authorization/testing/auth-fixtures.js';
import { KEY_FILE_NAME } from '../security/key-file.js';
import { createBackup } from './create-backup.js';
import { restoreBackup } from './restore-backup.js';
import { verifyBackup } from './verify-backup.js';
import { MANIFEST_NAME, sha256File } from './manifest.js';

let root: string;
let dataDir: string;
let kartu: Kartu | null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kartu-backup-'));
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

async function closeKartu(): Promise<void> {
  await kartu?.close();
  kartu = null;
}

/** Every file of the data directory with its SHA-256: proves a refused restore changed nothing. */
async function dataDirState(): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const name of readdirSync(dataDir).sort()) state[name] = await sha256File(join(dataDir, name));
  return state;
}

async function backupOf(folderName = 'backup', includeKey = false): Promise<string> {
  const k = kartu ?? (await open());
  const folder = join(root, folderName);
  await k.live.bus.send('backup-create', { folder, include_key: includeKey }, OWNER);
  return folder;
}

describe('backup and restore of the data directory', () => {
  it('a backup taken while writes continue restores to a balanced ledger holding every write committed before it', async () => {
    const k = await open();
    const { card } = await prepaidCard(k.live);
    // Some history, so the copy takes many steps and the writes below land between them.
    for (let i = 0; i < 60; i++) await k.live.bus.send('top-up-create', { card: card.id, amount: 100 }, OWNER);
    const committedBefore: string[] = [];
    for (let i = 0; i < 20; i++) committedBefore.push((await k.live.bus.send('top-up-create', { card: card.id, amount: 100 }, OWNER)).id);

    let writing = true;
    let duringBackup = 0;
    const writer = (async () => {
      while (writing && duringBackup < 500) {
        await k.live.bus.send('top-up-create', { card: card.id, amount: 100 }, OWNER);
        duringBackup++;
      }
    })();
    const folder = join(root, 'backup');
    let made;
    try {
      made = await createBackup({ dataDir, to: folder, clock: systemClock, pagesPerStep: 1 });
    } finally {
      writing = false;
      await writer;
    }
    expect(duringBackup).toBeGreaterThan(0);
    expect(made.manifest.files.map((f) => f.name)).toEqual(['sandbox.db', 'live.db']);
    expect(made.manifest.files[1]?.migrations?.length).toBeGreaterThan(0);

    const after = await k.live.services.db.selectFrom('ledger_transfers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await closeKartu();
    const restored = await restoreBackup({ dataDir, from: folder, clock: systemClock });
    expect(restored.replacedFolder).not.toBeNull();
    expect(restored.keyRestored).toBe(false);

    const again = await open();
    const ledger = await checkLedger(again.live.services.db);
    expect(ledger.problems).toEqual([]);
    expect(ledger.ok).toBe(true);
    const ids = new Set(
      (await again.live.services.db.selectFrom('audit_log').select('object_id').where('action', '=', 'top-up-create').execute()).map((row) => row.object_id),
    );
    for (const id of committedBefore) expect(ids.has(id)).toBe(true);
    // It is a snapshot: the writes that went on after it are not in it (the live data had more).
    const count = await again.live.services.db.selectFrom('ledger_transfers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeLessThanOrEqual(Number(after.n));
    // The card number is still readable: the data directory's key stayed where it was.
    await expect(again.live.bus.send('card-reveal' as never, { id: card.id } as never, OWNER)).resolves.toBeTruthy();
  }, 60_000);

  it('a corrupted backup file is refused by its checksum and nothing in the data directory changes', async () => {
    const folder = await backupOf();
    await closeKartu();
    const path = join(folder, 'live.db');
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0xff;
    writeFileSync(path, bytes);
    const state = await dataDirState();
    await expect(verifyBackup(folder)).rejects.toMatchObject({ code: 'backup_checksum_mismatch', param: 'folder' });
    await expect(restoreBackup({ dataDir, from: folder, clock: systemClock })).rejects.toMatchObject({ code: 'backup_checksum_mismatch' });
    expect(await dataDirState()).toEqual(state);
  });

  it('a backup from a newer Kartu (a migration this version does not know) is refused', async () => {
    const folder = await backupOf();
    await closeKartu();
    const manifestPath = join(folder, MANIFEST_NAME);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.files[1].migrations.push('2099-01-01-from-the-future');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const state = await dataDirState();
    await expect(restoreBackup({ dataDir, from: folder, clock: systemClock })).rejects.toMatchObject({ code: 'backup_newer_version', message: expect.stringContaining('newer Kartu') });
    expect(await dataDirState()).toEqual(state);
  });

  it('an unfinished backup (no manifest) and a damaged manifest are refused', async () => {
    const folder = await backupOf();
    writeFileSync(join(folder, MANIFEST_NAME), '{"format": 1');
    await expect(verifyBackup(folder)).rejects.toMatchObject({ code: 'backup_damaged' });
    rmSync(join(folder, MANIFEST_NAME));
    await expect(verifyBackup(folder)).rejects.toMatchObject({ code: 'backup_manifest_missing' });
  });

  it('the card-data key is not in a backup unless asked for, and the result says so', async () => {
    const k = await open();
    const plain = await k.live.bus.send('backup-create', { folder: join(root, 'plain') }, OWNER);
    expect(plain.includes_card_data_key).toBe(false);
    expect(plain.note).toContain('NOT in this backup');
    expect(existsSync(join(root, 'plain', KEY_FILE_NAME))).toBe(false);
    expect(readdirSync(join(root, 'plain')).sort()).toEqual([MANIFEST_NAME, 'live.db', 'sandbox.db']);

    const withKey = await k.live.bus.send('backup-create', { folder: join(root, 'with-key'), include_key: true }, OWNER);
    expect(withKey.includes_card_data_key).toBe(true);
    expect(readFileSync(join(root, 'with-key', KEY_FILE_NAME))).toEqual(readFileSync(join(dataDir, KEY_FILE_NAME)));
    const verified = await k.live.bus.send('backup-verify', { folder: join(root, 'with-key') }, OWNER);
    expect(verified).toMatchObject({ verified: true, includes_card_data_key: true });
  });

  it('only the owner may back up or check a backup; others are refused and no folder is made', async () => {
    const k = await open();
    for (const actor of [MANAGER, CASHIER]) {
      await expect(k.live.bus.send('backup-create', { folder: join(root, 'nope') }, actor)).rejects.toMatchObject({ type: 'permission_error' });
      await expect(k.sandbox.bus.send('backup-verify', { folder: join(root, 'nope') }, actor)).rejects.toMatchObject({ type: 'permission_error' });
    }
    expect(existsSync(join(root, 'nope'))).toBe(false);
  });

  it('is audited, refuses a folder that is not empty or inside the data directory, and unknown input by name', async () => {
    const k = await open();
    const folder = await backupOf();
    await expect(k.live.bus.send('backup-create', { folder }, OWNER)).rejects.toMatchObject({ code: 'backup_folder_not_empty', param: 'folder' });
    await expect(k.live.bus.send('backup-create', { folder: join(dataDir, 'inside') }, OWNER)).rejects.toMatchObject({ code: 'backup_folder_unusable' });
    await expect(k.live.bus.send('backup-create', { folder: join(root, 'x'), extra: 1 } as never, OWNER)).rejects.toMatchObject({ param: 'extra' });
    const audit = await k.live.services.db.selectFrom('audit_log').select(['action', 'outcome']).where('action', '=', 'backup-create').execute();
    expect(audit.map((row) => row.outcome)).toEqual(['ok', 'refused', 'refused']);
  });

  it('a restore is refused while the data directory is open in a running Kartu', async () => {
    const folder = await backupOf();
    const state = await dataDirState();
    await expect(restoreBackup({ dataDir, from: folder, clock: systemClock })).rejects.toMatchObject({ code: 'data_dir_in_use' });
    // Nothing staged, nothing moved aside, the databases untouched (the running app's WAL files aside).
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.restore') || name.startsWith('replaced'))).toEqual([]);
    expect(await sha256File(join(dataDir, 'live.db'))).toBe(state['live.db']);
    await closeKartu();
  });

  it('an engine without a data directory (in memory) says backups need one', async () => {
    const engine = await testEngine();
    try {
      await expect(engine.bus.send('backup-create', { folder: join(root, 'mem') }, OWNER)).rejects.toMatchObject({ code: 'backup_unavailable' });
    } finally {
      await engine.close();
    }
  });
});
