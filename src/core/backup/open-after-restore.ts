import { resolve } from 'node:path';
import { appendAudit } from '../audit/audit-log.js';
import { SYSTEM_ACTOR } from '../bus/actor.js';
import { systemClock } from '../kernel/clock.js';
import { openKartu, type Kartu, type KartuOptions } from '../kartu.js';
import { applyScheduledRestore, type RestoreOutcome } from './scheduled-restore.js';

/**
 * Writes what a scheduled restore did into the audit log of both databases, now that they are open
 * (after a restore these are the backup's databases: the entry says on their own trail that they
 * were put back, when and at whose request).
 */
export async function auditRestoreOutcome(kartu: Pick<Kartu, 'sandbox' | 'live'>, outcome: RestoreOutcome): Promise<void> {
  for (const engine of [kartu.sandbox, kartu.live]) {
    const { db, ids, clock } = engine.services;
    await db.transaction().execute((trx) =>
      appendAudit(trx, ids, clock, SYSTEM_ACTOR, {
        action: 'backup-restore-apply',
        objectId: null,
        outcome: outcome.outcome === 'restored' ? 'ok' : 'refused',
        detail: { ...outcome },
      }),
    );
  }
}

/** One line for the person who started the host. */
export function describeRestoreOutcome(outcome: RestoreOutcome): string {
  if (outcome.outcome === 'restored') {
    const replaced = outcome.replaced_folder ? ` The data that was here is kept in ${outcome.replaced_folder}.` : '';
    return `Restored the backup ${outcome.folder} (made ${outcome.backup_created_at ?? 'at an unknown time'}).${replaced}`;
  }
  return `The scheduled restore of ${outcome.folder || 'a backup'} failed, so the data was left as it was: ${outcome.error?.message ?? 'unknown error'}`;
}

/**
 * openKartu, after applying a restore scheduled from the app (scheduled-restore.ts): what both
 * hosts call at start-up. `onRestore` hears the outcome (printed by the headless host, logged by
 * the desktop).
 */
export async function openKartuAfterRestore(options: KartuOptions, onRestore?: (outcome: RestoreOutcome) => void): Promise<Kartu> {
  const outcome = await applyScheduledRestore({ dataDir: resolve(options.dataDir), clock: options.clock ?? systemClock });
  const kartu = await openKartu(options);
  if (outcome) {
    await auditRestoreOutcome(kartu, outcome);
    onRestore?.(outcome);
  }
  return kartu;
}
