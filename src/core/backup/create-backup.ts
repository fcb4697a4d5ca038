import { copyFileSync, chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { openSqliteDatabase } from '../db/open-sqlite.js';
import { invalid } from '../kernel/errors.js';
import type { Clock } from '../kernel/clock.js';
import { KEY_FILE_NAME } from '../security/key-file.js';
import { snapshotDatabase } from './snapshot-database.js';
import { BACKUP_DATABASES, BACKUP_FORMAT, MANIFEST_NAME, keyNote, sha256File, type BackupFile, type BackupManifest } from './manifest.js';
import { KARTU_VERSION } from './kartu-version.js';

export interface CreateBackupOptions {
  dataDir: string;
  /** A new or empty folder. */
  to: string;
  clock: Clock;
  /** Copy the card-data key file too (off by default: see keyNote). */
  includeKey?: boolean;
  /** Tests: copy in tiny steps so writes land between them. */
  pagesPerStep?: number;
}

export interface BackupResult {
  folder: string;
  manifest: BackupManifest;
}

function assertEmptyTarget(folder: string): void {
  if (!existsSync(folder)) {
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw invalid('backup_folder_unusable', `Cannot create the backup folder ${folder}: ${(error as Error).message}`, 'folder');
    }
    return;
  }
  if (!statSync(folder).isDirectory()) throw invalid('backup_folder_unusable', `${folder} is not a folder.`, 'folder');
  if (readdirSync(folder).length > 0) {
    throw invalid('backup_folder_not_empty', `${folder} is not empty. Choose a new or empty folder, so no earlier backup is overwritten.`, 'folder');
  }
}

/**
 * Writes a consistent copy of both databases of a data directory, while the app may keep running,
 * and a manifest (version, migrations, sizes, SHA-256) written last: a folder without a manifest is
 * an unfinished backup and is refused by verify and restore.
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const dataDir = resolve(options.dataDir);
  const folder = resolve(options.to);
  if (folder === dataDir || folder.startsWith(`${dataDir}/`)) {
    throw invalid('backup_folder_unusable', 'Choose a backup folder outside the data directory (a backup beside the data it protects is lost with it).', 'folder');
  }
  for (const name of BACKUP_DATABASES) {
    if (!existsSync(join(dataDir, name))) throw invalid('backup_source_missing', `${join(dataDir, name)} does not exist: ${dataDir} is not a Kartu data directory.`, 'data_dir');
  }
  assertEmptyTarget(folder);
  const files: BackupFile[] = [];
  for (const name of BACKUP_DATABASES) {
    // A connection of the backup's own (see snapshotDatabase): never the engine's shared one.
    const source = await openSqliteDatabase({ path: join(dataDir, name) });
    let migrations: string[];
    try {
      const rows = await sql<{ name: string }>`SELECT name FROM kartu_migrations ORDER BY name`.execute(source.db);
      migrations = rows.rows.map((row) => row.name);
      await snapshotDatabase(source, join(folder, name), options.pagesPerStep);
    } finally {
      await source.close();
    }
    const path = join(folder, name);
    chmodSync(path, 0o600);
    files.push({ name, size_bytes: statSync(path).size, sha256: await sha256File(path), migrations });
  }
  const includeKey = options.includeKey ?? false;
  if (includeKey) {
    const keyPath = join(dataDir, KEY_FILE_NAME);
    if (!existsSync(keyPath)) {
      throw invalid('backup_key_missing', `${keyPath} does not exist (the desktop app keeps its key in the OS keychain).`, 'include_key');
    }
    const target = join(folder, KEY_FILE_NAME);
    copyFileSync(keyPath, target);
    chmodSync(target, 0o600);
    files.push({ name: KEY_FILE_NAME, size_bytes: statSync(target).size, sha256: await sha256File(target) });
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    kartu_version: KARTU_VERSION,
    created_at: options.clock.now().toISOString(),
    files,
    includes_card_data_key: includeKey,
    note: keyNote(includeKey),
  };
  writeFileSync(join(folder, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return { folder, manifest };
}
