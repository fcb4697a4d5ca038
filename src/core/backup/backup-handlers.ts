import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { EngineServices } from '../bus/context.js';
import { invalid } from '../kernel/errors.js';
import { databaseFile } from '../compliance/database-file.js';
import { createBackup, type BackupResult } from './create-backup.js';
import { verifyBackup, type VerifiedBackup } from './verify-backup.js';
import { cancelScheduledRestore, readRestoreStatus, recordScheduledRestore } from './scheduled-restore.js';
import type { Actor } from '../bus/actor.js';
import { fromJson } from '../db/database.js';
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

/** Who asked, as the scheduled restore keeps it (a name for staff, so the screen can say who). */
function requester(actor: Actor) {
  return { type: actor.type, id: actor.id, name: actor.type === 'staff' ? actor.name : null };
}

/** A new folder per backup, under the owner's home (not beside the data, which may be lost with it). */
function suggestedFolder(now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
  return join(homedir(), 'Kartu backups', `kartu-${stamp}`);
}

const restoreWhat = 'Nothing changes until Kartu starts again: it then checks the backup once more, moves the current databases into replaced-<time>/ in the data directory (nothing is deleted) and puts the backup in their place.';

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
  /**
   * Restore from the app: a running host holds both databases open, so the restore is scheduled and
   * applied by the host when it next starts, before it opens them (scheduled-restore.ts). The backup
   * is verified now, so a bad folder is refused at once and nothing is written but the refusal's
   * audit entry.
   */
  'backup-restore-schedule': command({
    input: z.strictObject({ folder }),
    permission: { scope: 'settings:write', role: 'owner' },
    audit: true,
    async before(services, input): Promise<{ dataDir: string; verified: VerifiedBackup }> {
      const dataDir = await dataDirOf(services);
      return { dataDir, verified: await verifyBackup(input.folder) };
    },
    async handler(ctx, _input, before?: { dataDir: string; verified: VerifiedBackup }) {
      if (!before) throw invalid('backup_unavailable', 'A restore cannot be scheduled inside a batch.', 'folder');
      const scheduled = recordScheduledRestore(before.dataDir, before.verified, ctx.clock, requester(ctx.actor));
      return { object: 'scheduled_restore' as const, ...scheduled, note: restoreWhat };
    },
  }),
  /** Forgets a scheduled restore (nothing had been changed yet). */
  'backup-restore-cancel': command({
    input: z.strictObject({}),
    permission: { scope: 'settings:write', role: 'owner' },
    audit: true,
    async handler(ctx) {
      const dataDir = await dataDirOf(ctx);
      if (!cancelScheduledRestore(dataDir)) throw invalid('restore_not_scheduled', 'No restore is scheduled.', 'folder');
      return { object: 'scheduled_restore' as const, canceled: true as const };
    },
  }),
  /**
   * What the Backup screen shows: where the data is, a suggested folder for the next backup, the
   * scheduled restore and the last one applied, and the backups made from this database (from its
   * audit log, newest first).
   */
  'backup-status': query({
    input: z.strictObject({}),
    permission: { scope: 'settings:write', role: 'owner' },
    async handler(ctx) {
      const dataDir = await dataDirOf(ctx);
      const { scheduled, last } = readRestoreStatus(dataDir);
      const rows = await ctx.db
        .selectFrom('audit_log')
        .select(['at', 'actor_id', 'detail'])
        .where('action', '=', 'backup-create')
        .where('outcome', '=', 'ok')
        .orderBy('seq', 'desc')
        .limit(10)
        .execute();
      const history = rows.map((row) => {
        const input = (fromJson<{ input?: { folder?: string; include_key?: boolean } }>(row.detail)?.input ?? {});
        return { at: row.at, by: row.actor_id, folder: input.folder ?? '', include_key: input.include_key ?? false };
      });
      return {
        object: 'backup_status' as const,
        data_dir: dataDir,
        suggested_folder: suggestedFolder(ctx.clock.now()),
        scheduled_restore: scheduled,
        last_restore: last,
        history,
        restore_note: restoreWhat,
      };
    },
  }),
};
