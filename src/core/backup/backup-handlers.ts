import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { EngineServices } from '../bus/context.js';
import { invalid } from '../kernel/errors.js';
import { databaseFile } from '../compliance/database-file.js';
import { createBackup, type BackupResult } from './create-backup.js';
import { verifyBackup } from './verify-backup.js';
import { BACKUP_DATABASES, type BackupManifest } from './manifest.js';

const folder = z.string().trim().min(1).max(4096);

/** The data directory this engine's database lives in (a backup always takes both databases). */
async function dataDirOf(services: EngineServices): Promise<string> {
  const file = await databaseFile(services.db);
  if (!file || !(BACKUP_DATABASES as readonly string[]).includes(basename(file))) {
    throw invalid('backup_unavailable', 'Backups are made of a data directory; this engine does not run on one (in memory or on a database server).', 'folder');
  }
  return dirname(file);
}

function view(folderPath: string, manifest: BackupManifest) {
  return {
    object: 'backup' as const,
    folder: folderPath,
    created_at: manifest.created_at,
    kartu_version: manifest.kartu_version,
    files: manifest.files.map((file) => ({ name: file.name, size_bytes: file.size_bytes, sha256: file.sha256 })),
    includes_card_data_key: manifest.includes_card_data_key,
    note: manifest.note,
  };
}

export const backupHandlers = {
  /**
   * A backup of the whole data directory (both databases) into a new or empty folder, while the app
   * runs. The copy is made before the command's transaction opens (see Operation.before), so the
   * engine's writes are not held up; the transaction only writes the audit entry.
   */
  'backup-create': command({
    input: z.strictObject({ folder, include_key: z.boolean().optional() }),
    permission: { scope: 'settings:write', role: 'owner' },
    audit: true,
    async before(services, input): Promise<BackupResult> {
      const dataDir = await dataDirOf(services);
      return createBackup({ dataDir, to: input.folder, clock: services.clock, includeKey: input.include_key ?? false });
    },
    async handler(_ctx, _input, before?: BackupResult) {
      if (!before) throw invalid('backup_unavailable', 'A backup cannot be made inside a batch.', 'folder');
      return view(before.folder, before.manifest);
    },
  }),
  /** Checks a backup folder (manifest, sizes, checksums, version) without restoring anything. */
  'backup-verify': query({
    input: z.strictObject({ folder }),
    permission: { scope: 'settings:write', role: 'owner' },
    async handler(_ctx, input) {
      const verified = await verifyBackup(input.folder);
      return { ...view(verified.folder, verified.manifest), verified: true as const };
    },
  }),
};
