import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import { eraseCardholder } from './erase-cardholder.js';
import { getRetentionPolicy, saveRetentionPolicy } from './retention-policy.js';

const DAY_MS = 86_400_000;
/** Bounded work per run; the job runs again and takes the next batch. */
export const RETENTION_BATCH = 200;

export interface RetentionRun {
  object: 'retention_run';
  dry_run: boolean;
  policy_days: number | null;
  cutoff: string | null;
  eligible: Array<{ cardholder: string; last_card_canceled_at: string }>;
  erased: string[];
  has_more: boolean;
}

/**
 * Individual cardholders whose cards are ALL canceled, the last one longer ago than the policy's
 * days, and who were not erased before. Cardholders with an open card, or with no card at all,
 * are kept (the latter may be about to get one).
 */
export async function runRetention(ctx: Ctx, dryRun: boolean): Promise<RetentionRun> {
  const policy = await getRetentionPolicy(ctx.db);
  if (policy.erase_after_days === null) {
    return { object: 'retention_run', dry_run: dryRun, policy_days: null, cutoff: null, eligible: [], erased: [], has_more: false };
  }
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - policy.erase_after_days * DAY_MS).toISOString();
  const rows = await ctx.db
    .selectFrom('cardholders as ch')
    .innerJoin('cards as c', 'c.cardholder_id', 'ch.id')
    .leftJoin('retention_erasures as e', 'e.cardholder_id', 'ch.id')
    .select(['ch.id', sql<string>`max(c.canceled_at)`.as('last_canceled')])
    .where('ch.type', '=', 'individual')
    .where('e.cardholder_id', 'is', null)
    .groupBy('ch.id')
    .having(sql<number>`sum(case when c.status <> 'canceled' then 1 else 0 end)`, '=', 0)
    .having(sql<string>`max(c.canceled_at)`, '<=', cutoff)
    .orderBy('ch.id')
    .limit(RETENTION_BATCH + 1)
    .execute();
  const batch = rows.slice(0, RETENTION_BATCH);
  const eligible = batch.map((r) => ({ cardholder: r.id, last_card_canceled_at: r.last_canceled }));
  const erased: string[] = [];
  if (!dryRun) {
    for (const row of eligible) {
      await eraseCardholder(ctx, row.cardholder, policy.erase_after_days, row.last_card_canceled_at);
      erased.push(row.cardholder);
    }
    await saveRetentionPolicy(ctx.db, { ...policy, last_run_at: now.toISOString() });
  }
  return { object: 'retention_run', dry_run: dryRun, policy_days: policy.erase_after_days, cutoff, eligible, erased, has_more: rows.length > RETENTION_BATCH };
}
