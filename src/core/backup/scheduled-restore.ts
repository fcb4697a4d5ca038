import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { invalid, KartuError } from '../kernel/errors.js';
import type { Clock } from '../kernel/clock.js';
import { restoreBackup } from './restore-backup.js';
import { verifyBackup, type VerifiedBackup } from './verify-backup.js';

/**
 * A restore asked for from the app, applied by the host the next time it opens the data directory.
 * A running host holds both databases open (and its workers, queues and sessions hold the engines),
 * so the files cannot be swapped under it; instead the request is written beside the databases and
 * the host runs the ordinary restore (restore-backup.ts) on start-up, before it opens anything.
 */
export const SCHEDULED_RESTORE_FILE = 'restore-scheduled.json';
/** What the last scheduled restore did (restored, or failed and why), for the Settings screen. */
export const LAST_RESTORE_FILE = 'restore-last.json';

const who = z.strictObject({ type: z.string(), id: z.string(), name: z.string().nullable() });

const scheduledSchema = z.strictObject({
  folder: z.string().min(1),
  backup_created_at: z.string(),
  includes_card_data_key: z.boolean(),
  scheduled_at: z.string(),
  scheduled_by: who,
});
export type ScheduledRestore = z.infer<typeof scheduledSchema>;

const lastSchema = z.strictObject({
  outcome: z.enum(['restored', 'failed']),
  folder: z.string(),
  at: z.string(),
  scheduled_by: who.nullable(),
  /** Where the databases that were replaced now are (restored only). */
  replaced_folder: z.string().nullable(),
  key_restored: z.boolean(),
  backup_created_at: z.string().nullable(),
  /** Why it failed, in the engine's words (failed only). */
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
});
export type RestoreOutcome = z.infer<typeof lastSchema>;

function readJson<T>(path: string, schema: z.ZodType<T>): T | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written beside and renamed over: a crash mid-write never leaves half a request. */
function writeJson(path: string, value: unknown): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

export interface ScheduleOptions {
  dataDir: string;
  from: string;
  clock: Clock;
  scheduledBy: ScheduledRestore['scheduled_by'];
}

/**
 * Records a restore of an already verified backup (the bus command verifies it before its
 * transaction opens); a later request replaces an earlier one. The backup is checked again when
 * the restore is applied.
 */
export function recordScheduledRestore(dataDirIn: string, verified: VerifiedBackup, clock: Clock, scheduledBy: ScheduledRestore['scheduled_by']): ScheduledRestore {
  const dataDir = resolve(dataDirIn);
  const { folder, manifest } = verified;
  if (folder === dataDir || folder.startsWith(`${dataDir}/`)) {
    throw invalid('backup_folder_unusable', 'A backup inside the data directory cannot be restored over it. Move the backup folder elsewhere first.', 'folder');
  }
  const scheduled: ScheduledRestore = {
    folder,
    backup_created_at: manifest.created_at,
    includes_card_data_key: manifest.includes_card_data_key,
    scheduled_at: clock.now().toISOString(),
    scheduled_by: scheduledBy,
  };
  writeJson(join(dataDir, SCHEDULED_RESTORE_FILE), scheduled);
  return scheduled;
}

/** Verifies the backup (a bad folder is refused with nothing written), then records the request. */
export async function scheduleRestore(options: ScheduleOptions): Promise<ScheduledRestore> {
  return recordScheduledRestore(options.dataDir, await verifyBackup(options.from), options.clock, options.scheduledBy);
}

/** Forgets a scheduled restore; false when there was none. */
export function cancelScheduledRestore(dataDir: string): boolean {
  const path = join(resolve(dataDir), SCHEDULED_RESTORE_FILE);
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}

export function readRestoreStatus(dataDir: string): { scheduled: ScheduledRestore | null; last: RestoreOutcome | null } {
  const dir = resolve(dataDir);
  return { scheduled: readJson(join(dir, SCHEDULED_RESTORE_FILE), scheduledSchema), last: readJson(join(dir, LAST_RESTORE_FILE), lastSchema) };
}

/**
 * Start-up, before the databases are opened: applies a scheduled restore if there is one. A failed
 * restore leaves the data directory as it was (restore-backup.ts changes nothing until every file
 * is checked); either way the request is consumed, so a bad backup never blocks every start, and
 * the outcome is kept for the Settings screen. Returns null when nothing was scheduled.
 */
export async function applyScheduledRestore(options: { dataDir: string; clock: Clock }): Promise<RestoreOutcome | null> {
  const dataDir = resolve(options.dataDir);
  const path = join(dataDir, SCHEDULED_RESTORE_FILE);
  if (!existsSync(path)) return null;
  const scheduled = readJson(path, scheduledSchema);
  const at = options.clock.now().toISOString();
  let outcome: RestoreOutcome;
  if (!scheduled) {
    outcome = {
      outcome: 'failed', folder: '', at, scheduled_by: null, replaced_folder: null, key_restored: false, backup_created_at: null,
      error: { code: 'restore_request_damaged', message: `${SCHEDULED_RESTORE_FILE} is damaged; nothing was restored. Schedule the restore again.` },
    };
  } else {
    try {
      const result = await restoreBackup({ dataDir, from: scheduled.folder, clock: options.clock });
      outcome = {
        outcome: 'restored', folder: scheduled.folder, at, scheduled_by: scheduled.scheduled_by, replaced_folder: result.replacedFolder,
        key_restored: result.keyRestored, backup_created_at: result.manifest.created_at, error: null,
      };
    } catch (error) {
      const body = error instanceof KartuError ? { code: error.code, message: error.message } : { code: 'restore_failed', message: (error as Error).message };
      outcome = {
        outcome: 'failed', folder: scheduled.folder, at, scheduled_by: scheduled.scheduled_by, replaced_folder: null, key_restored: false,
        backup_created_at: scheduled.backup_created_at, error: body,
      };
    }
  }
  writeJson(join(dataDir, LAST_RESTORE_FILE), outcome);
  rmSync(path, { force: true });
  return outcome;
}
