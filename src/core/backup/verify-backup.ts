import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { invalid } from '../kernel/errors.js';
import { unknownMigrations } from '../db/migrator.js';
import { schemaError } from '../bus/bus.js';
import { BACKUP_DATABASES, MANIFEST_NAME, manifestSchema, sha256File, type BackupManifest } from './manifest.js';

export interface VerifiedBackup {
  folder: string;
  manifest: BackupManifest;
}

/**
 * Checks a backup folder without changing anything: the manifest is whole, every file it lists is
 * there with its size and SHA-256, both databases are present, and no database has a migration this
 * Kartu does not know (a backup from a newer version). Throws a KartuError saying which.
 */
export async function verifyBackup(from: string): Promise<VerifiedBackup> {
  const folder = resolve(from);
  const manifestPath = join(folder, MANIFEST_NAME);
  if (!existsSync(manifestPath)) {
    throw invalid('backup_manifest_missing', `${folder} has no ${MANIFEST_NAME}: it is not a Kartu backup, or the backup did not finish.`, 'folder');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    throw invalid('backup_damaged', `${manifestPath} is damaged (not valid JSON). Use another backup.`, 'folder');
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const cause = schemaError(parsed.error);
    throw invalid('backup_damaged', `${manifestPath} is damaged or of an unknown format: ${cause.message}. Use another backup.`, 'folder');
  }
  const manifest = parsed.data;
  for (const name of BACKUP_DATABASES) {
    if (!manifest.files.some((file) => file.name === name)) throw invalid('backup_damaged', `The backup's manifest does not list ${name}.`, 'folder');
  }
  for (const file of manifest.files) {
    const unknown = unknownMigrations(file.migrations ?? []);
    if (unknown.length > 0) {
      throw invalid(
        'backup_newer_version',
        `This backup was made by a newer Kartu (${manifest.kartu_version}; ${file.name} has migration ${unknown[0]}, which this version does not know). ` +
          'Nothing was changed. Update Kartu, then restore it.',
        'folder',
      );
    }
  }
  for (const file of manifest.files) {
    const path = join(folder, file.name);
    if (!existsSync(path)) throw invalid('backup_damaged', `${file.name} is missing from the backup. Nothing was changed.`, 'folder');
    const size = statSync(path).size;
    const sha256 = size === file.size_bytes ? await sha256File(path) : null;
    if (sha256 !== file.sha256) {
      throw invalid('backup_checksum_mismatch', `${file.name} in the backup is damaged (its size or SHA-256 differs from the manifest). Nothing was changed. Use another backup.`, 'folder');
    }
  }
  return { folder, manifest };
}
