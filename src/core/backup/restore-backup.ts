import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openSqliteDatabase } from '../db/open-sqlite.js';
import { invalid, KartuError } from '../kernel/errors.js';
import type { Clock } from '../kernel/clock.js';
import { KEY_FILE_NAME } from '../security/key-file.js';
import { BACKUP_DATABASES, sha256File, type BackupManifest } from './manifest.js';
import { verifyBackup } from './verify-backup.js';
import { databaseInUse } from './data-dir-in-use.js';

export interface RestoreOptions {
  dataDir: string;
  from: string;
  clock: Clock;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the databases (and key, if replaced) that were there before now are. */
  replacedFolder: string | null;
  keyRestored: boolean;
}

/** The desktop's keychain-encrypted key file (src/main/card-data-key.ts; the core may not import main). */
const SAFE_KEY_FILE_NAME = `${KEY_FILE_NAME}.safe`;

function stamp(clock: Clock): string {
  return clock.now().toISOString().replace(/[:.]/g, '-');
}

/**
 * Replaces the data directory's databases with a verified backup. Done while the app is stopped
 * (from the CLI): a data directory that any process still has open is refused, so the files are
 * never swapped under a running engine. Nothing in the data directory changes until every file
 * has been copied beside it and re-checked; the databases that were there are moved, not deleted,
 * into `replaced-<time>/` (with their WAL files, which belong to them and not to the restored ones).
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const dataDir = resolve(options.dataDir);
  const { folder, manifest } = await verifyBackup(options.from);
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const name of BACKUP_DATABASES) {
    if (databaseInUse(join(dataDir, name))) {
      throw invalid('data_dir_in_use', `${join(dataDir, name)} is open in a running Kartu (the app, serve or another command). Stop it, then restore. Nothing was changed.`, 'data_dir');
    }
  }
  const when = stamp(options.clock);
  const staging = join(dataDir, `.restore-${when}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    for (const file of manifest.files) {
      const target = join(staging, file.name);
      copyFileSync(join(folder, file.name), target);
      chmodSync(target, 0o600);
      if ((await sha256File(target)) !== file.sha256) {
        throw invalid('backup_checksum_mismatch', `${file.name} changed while it was copied from the backup. Nothing was changed.`, 'folder');
      }
    }
    for (const name of BACKUP_DATABASES) {
      // Open each staged copy as the app would: SQLite's own check and the migrations run here,
      // so a copy that would not open never replaces a database that does.
      try {
        const opened = await openSqliteDatabase({ path: join(staging, name) });
        await opened.close();
      } catch (error) {
        throw invalid('backup_damaged', `${name} in the backup does not open: ${(error as Error).message}`, 'folder');
      }
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error instanceof KartuError ? error : invalid('restore_failed', `The restore failed before anything was changed: ${(error as Error).message}`, 'folder');
  }
  const keyRestored = manifest.includes_card_data_key;
  const placing = [...BACKUP_DATABASES, ...(keyRestored ? [KEY_FILE_NAME] : [])];
  // The desktop keeps its key encrypted by the OS keychain (card-data.key.safe, src/main): a restored
  // key file must replace that one too, or the desktop would refuse two different keys at start-up.
  const replacing = [...placing, ...(keyRestored ? [SAFE_KEY_FILE_NAME] : [])];
  const replacedFolder = join(dataDir, `replaced-${when}`);
  let moved = false;
  for (const name of replacing) {
    for (const suffix of ['', '-wal', '-shm']) {
      const path = join(dataDir, name + suffix);
      if (!existsSync(path)) continue;
      if (!moved) mkdirSync(replacedFolder, { mode: 0o700 });
      moved = true;
      renameSync(path, join(replacedFolder, name + suffix));
    }
  }
  for (const name of placing) renameSync(join(staging, name), join(dataDir, name));
  rmSync(staging, { recursive: true, force: true });
  return { manifest, replacedFolder: moved ? replacedFolder : null, keyRestored };
}
