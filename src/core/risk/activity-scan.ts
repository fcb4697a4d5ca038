import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { RiskWriteCtx } from './risk-types.js';
import { raiseAlert } from './alerts/raise-alert.js';

export interface ActivityThresholds {
  /** Card numbers revealed by one actor within an hour. */
  reveals_per_hour: number;
  /** Refused requests (wrong permissions, bad input on audited commands) by one actor within an hour. */
  refusals_per_hour: number;
}

export const DEFAULT_ACTIVITY_THRESHOLDS: ActivityThresholds = { reveals_per_hour: 10, refusals_per_hour: 20 };

const CHECKPOINT_KEY = 'risk.activity_scan.last_seq';
const BATCH = 10_000;
const HOUR_MS = 3_600_000;

async function checkpoint(db: Db): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', CHECKPOINT_KEY).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

async function saveCheckpoint(db: Db, seq: number): Promise<void> {
  await db.insertInto('settings').values({ key: CHECKPOINT_KEY, value: String(seq) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: String(seq) })).execute();
}

interface ActorKey {
  type: string;
  id: string;
  latestAt: string;
}

function latestByActor(rows: Array<{ actor_type: string; actor_id: string; at: string }>): ActorKey[] {
  const byActor = new Map<string, ActorKey>();
  for (const row of rows) {
    const key = `${row.actor_type}:${row.actor_id}`;
    const known = byActor.get(key);
    if (!known || row.at > known.latestAt) byActor.set(key, { type: row.actor_type, id: row.actor_id, latestAt: row.at });
  }
  return [...byActor.values()];
}

/**
 * Unusual events are found by reading the audit log, which every privileged action already writes:
 * one actor revealing many card numbers within an hour (a data grab), or being refused again and
 * again (someone probing keys or permissions). Reads only entries after the last scan; the hour is
 * counted over the whole log. Repeats bump the actor's open alert instead of adding new ones.
 */
export async function scanAuditForUnusualActivity(ctx: RiskWriteCtx, thresholds: ActivityThresholds = DEFAULT_ACTIVITY_THRESHOLDS): Promise<{ scanned: number; alerts: string[] }> {
  const from = await checkpoint(ctx.db);
  const rows = await ctx.db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor_type', 'actor_id', 'action', 'outcome'])
    .where('seq', '>', from)
    .orderBy('seq', 'asc')
    .limit(BATCH)
    .execute();
  if (rows.length === 0) return { scanned: 0, alerts: [] };
  const alerts: string[] = [];

  for (const actor of latestByActor(rows.filter((r) => r.action === 'card-reveal' && r.outcome === 'ok'))) {
    const since = new Date(Date.parse(actor.latestAt) - HOUR_MS).toISOString();
    const reveals = await ctx.db
      .selectFrom('audit_log')
      .select(['object_id', 'at'])
      .where('action', '=', 'card-reveal')
      .where('actor_id', '=', actor.id)
      .where('actor_type', '=', actor.type)
      .where('outcome', '=', 'ok')
      .where('at', '>', since)
      .where('at', '<=', actor.latestAt)
      .execute();
    if (reveals.length < thresholds.reveals_per_hour) continue;
    const cards = [...new Set(reveals.map((r) => r.object_id).filter((id): id is string => id !== null))];
    const { alert } = await raiseAlert(ctx, {
      kind: 'unusual_activity',
      severity: reveals.length >= thresholds.reveals_per_hour * 3 ? 'critical' : 'high',
      title: `${reveals.length} card numbers revealed by ${actor.type} ${actor.id} within an hour`,
      detail: { pattern: 'many_reveals', actor: { type: actor.type, id: actor.id }, count: reveals.length, distinct_cards: cards.length, cards: cards.slice(0, 50), window: { from: since, to: actor.latestAt }, threshold: thresholds.reveals_per_hour },
      dedupeKey: `reveals:${actor.type}:${actor.id}`,
    });
    alerts.push(alert.id);
  }

  for (const actor of latestByActor(rows.filter((r) => r.outcome === 'refused'))) {
    const since = new Date(Date.parse(actor.latestAt) - HOUR_MS).toISOString();
    const refused = await ctx.db
      .selectFrom('audit_log')
      .select([sql<number>`count(*)`.as('n')])
      .where('actor_id', '=', actor.id)
      .where('actor_type', '=', actor.type)
      .where('outcome', '=', 'refused')
      .where('at', '>', since)
      .where('at', '<=', actor.latestAt)
      .executeTakeFirst();
    const count = Number(refused?.n ?? 0);
    if (count < thresholds.refusals_per_hour) continue;
    const { alert } = await raiseAlert(ctx, {
      kind: 'unusual_activity',
      severity: 'medium',
      title: `${count} refused requests from ${actor.type} ${actor.id} within an hour`,
      detail: { pattern: 'many_refusals', actor: { type: actor.type, id: actor.id }, count, window: { from: since, to: actor.latestAt }, threshold: thresholds.refusals_per_hour },
      dedupeKey: `refusals:${actor.type}:${actor.id}`,
    });
    alerts.push(alert.id);
  }

  await saveCheckpoint(ctx.db, (rows[rows.length - 1] as { seq: number }).seq);
  return { scanned: rows.length, alerts: [...new Set(alerts)] };
}
