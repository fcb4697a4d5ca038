import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';
import type { ReportCampaignDaysTable, ReportFactsTable } from './report-tables.js';
import { addDays, daysBetween } from './zone-time.js';

/**
 * The campaigns rollup: each campaign's rewarded members' own spend per local day, over the days
 * the campaign report can compare (the campaign's dates and the previous period as long), so the
 * report reads a few dozen rows per campaign instead of seeking every member's facts.
 *
 * Kept in the purchase's write by `recordForReports` (record.ts), which calls
 *   - `addCampaignSpend` before it stores the changed facts: a fact's change of money goes to the
 *     campaigns its cardholder already takes part in, when its day is in their window;
 *   - `joinCampaigns` after: a member a campaign just rewarded (an award of this purchase) joins
 *     it, with their spend of the window summed from the facts as now stored.
 * What the write cannot see (a campaign's dates changed, an award given by hand) leaves the
 * campaign stale: the report then computes it directly, and `reports-rebuild-if-needed` rebuilds
 * it (`repairCampaignRollup`). `reports-rebuild` rebuilds every campaign.
 */

/** The days a campaign's rows cover: its dates, and before them a period as long. */
export function campaignWindow(startsOn: string, endsOn: string): { from: string; to: string } {
  const length = Math.max(1, daysBetween(startsOn, endsOn) + 1);
  return { from: addDays(startsOn, -length), to: endsOn };
}

interface Money {
  purchases: number;
  gross_minor: number;
  refunds_minor: number;
}

const ZERO: Money = { purchases: 0, gross_minor: 0, refunds_minor: 0 };

function moneyChange(previous: ReportFactsTable | undefined, next: ReportFactsTable): Money {
  const p = previous ?? ZERO;
  return { purchases: next.purchases - p.purchases, gross_minor: next.gross_minor - p.gross_minor, refunds_minor: next.refunds_minor - p.refunds_minor };
}

const isZero = (m: Money): boolean => m.purchases === 0 && m.gross_minor === 0 && m.refunds_minor === 0;

const DAY_KEY = ['campaign_id', 'day'] as const;
const upsertDay = new PreparedInsert<ReportCampaignDaysTable & Record<string, unknown>>('report_campaign_days', [...DAY_KEY, 'purchases', 'gross_minor', 'refunds_minor'], (oc: any) =>
  oc.columns([...DAY_KEY]).doUpdateSet((eb: any) => ({
    purchases: eb('report_campaign_days.purchases', '+', eb.ref('excluded.purchases')),
    gross_minor: eb('report_campaign_days.gross_minor', '+', eb.ref('excluded.gross_minor')),
    refunds_minor: eb('report_campaign_days.refunds_minor', '+', eb.ref('excluded.refunds_minor')),
  })),
);

const participationsOf = new Prepared(1, (db: Db, cardholderId: string) =>
  db.selectFrom('report_campaign_participants').select(['campaign_id', 'program_id', 'window_from', 'window_to']).where('cardholder_id', '=', cardholderId),
);

/** Adds the changes of money of these facts to the campaigns their cardholders take part in. */
export async function addCampaignSpend(db: Db, changes: ReadonlyArray<{ previous: ReportFactsTable | undefined; next: ReportFactsTable }>): Promise<void> {
  const moved = changes.map((c) => ({ fact: c.next, money: moneyChange(c.previous, c.next) })).filter((c) => !isZero(c.money));
  if (moved.length === 0) return;
  const holders = [...new Set(moved.map((c) => c.fact.cardholder_id))];
  const rows = holders.length === 1
    ? (await participationsOf.execute(db, holders[0]!)).map((r) => ({ ...r, cardholder_id: holders[0]! }))
    : await db.selectFrom('report_campaign_participants').select(['cardholder_id', 'campaign_id', 'program_id', 'window_from', 'window_to']).where('cardholder_id', 'in', holders).execute();
  if (rows.length === 0) return;
  for (const { fact, money } of moved) {
    for (const p of rows) {
      if (p.cardholder_id !== fact.cardholder_id || p.program_id !== fact.program_id || fact.day < p.window_from || fact.day > p.window_to) continue;
      await upsertDay.execute(db, { campaign_id: p.campaign_id, day: fact.day, ...money });
    }
  }
}

const awardsOf = new Prepared(1, (db: Db, sourceId: string) =>
  db
    .selectFrom('rewards_campaign_awards as a')
    .innerJoin('rewards_members as m', 'm.id', 'a.member_id')
    .select(['a.campaign_id', 'm.cardholder_id'])
    .where('a.source_id', '=', sourceId),
);

/**
 * Members the campaigns rewarded for these purchases (their awards carry the authorization as
 * source) join those campaigns' rollup, with their spend of the window from the stored facts.
 * Call after the facts are written.
 */
export async function joinCampaigns(db: Db, changes: ReadonlyArray<{ previous: ReportFactsTable | undefined; next: ReportFactsTable }>): Promise<void> {
  const sources = changes.filter((c) => !isZero(moneyChange(c.previous, c.next))).map((c) => c.next.authorization_id);
  if (sources.length === 0) return;
  const awards = sources.length === 1
    ? await awardsOf.execute(db, sources[0]!)
    : await db.selectFrom('rewards_campaign_awards as a').innerJoin('rewards_members as m', 'm.id', 'a.member_id').select(['a.campaign_id', 'm.cardholder_id']).where('a.source_id', 'in', sources).execute();
  for (const a of awards) await joinCampaign(db, a.campaign_id, a.cardholder_id);
}

const participation = new Prepared(2, (db: Db, cardholderId: string, campaignId: string) =>
  db.selectFrom('report_campaign_participants').select('campaign_id').where('cardholder_id', '=', cardholderId).where('campaign_id', '=', campaignId),
);

/*
 * The sums below read the facts through report_facts_cardholder_money (cardholder, day, program,
 * gross, refunds) alone: a purchase is a fact with something captured (fact.ts: purchases is
 * gross_minor > 0), and `+f.program_id` keeps SQLite from choosing the program-and-day index
 * instead (it covers more columns, and read that way every member meant the program's whole
 * window: 250 s for the bench's six campaigns at 1M ledger entries, against 0.3 s).
 */

/** One member joins one campaign's rollup (nothing when already in it). */
export async function joinCampaign(db: Db, campaignId: string, cardholderId: string): Promise<void> {
  if ((await participation.execute(db, cardholderId, campaignId)).length > 0) return;
  let meta = await db.selectFrom('report_campaigns').select(['program_id', 'window_from', 'window_to']).where('campaign_id', '=', campaignId).executeTakeFirst();
  if (!meta) {
    const c = await db.selectFrom('rewards_campaigns').select(['program_id', 'starts_on', 'ends_on']).where('id', '=', campaignId).executeTakeFirst();
    if (!c) return;
    const w = campaignWindow(c.starts_on, c.ends_on);
    meta = { program_id: c.program_id, window_from: w.from, window_to: w.to };
    await db.insertInto('report_campaigns').values({ campaign_id: campaignId, ...meta, participants: 0 }).execute();
  }
  // The window the campaign's rows were summed over: if its dates changed since, the campaign is
  // stale as a whole (the report sees it) and its rebuild puts everyone in the new window.
  await db.insertInto('report_campaign_participants').values({ cardholder_id: cardholderId, campaign_id: campaignId, ...meta }).execute();
  await db.updateTable('report_campaigns').set({ participants: sql<number>`participants + 1` }).where('campaign_id', '=', campaignId).execute();
  await sql`INSERT INTO report_campaign_days (campaign_id, day, purchases, gross_minor, refunds_minor)
    SELECT ${campaignId}, f.day, sum(CASE WHEN f.gross_minor > 0 THEN 1 ELSE 0 END), sum(f.gross_minor), sum(f.refunds_minor) FROM report_facts f
    WHERE f.cardholder_id = ${cardholderId} AND f.day >= ${meta.window_from} AND f.day <= ${meta.window_to} AND +f.program_id = ${meta.program_id}
      AND (f.gross_minor <> 0 OR f.refunds_minor <> 0)
    GROUP BY f.day
    ON CONFLICT (campaign_id, day) DO UPDATE SET purchases = report_campaign_days.purchases + excluded.purchases,
      gross_minor = report_campaign_days.gross_minor + excluded.gross_minor, refunds_minor = report_campaign_days.refunds_minor + excluded.refunds_minor`.execute(db);
}

/**
 * Rebuilds the rollup of these campaigns (all of a program's, or all, when not given) from the
 * awards and the facts, with each campaign's window from its dates as they are now.
 */
export async function rebuildCampaignRollup(db: Db, filter: { program?: string | null; campaigns?: readonly string[] } = {}): Promise<{ campaigns: number; participants: number; campaign_days: number }> {
  let q = db.selectFrom('rewards_campaigns').select(['id', 'program_id', 'starts_on', 'ends_on']);
  if (filter.program) q = q.where('program_id', '=', filter.program);
  if (filter.campaigns) {
    if (filter.campaigns.length === 0) return { campaigns: 0, participants: 0, campaign_days: 0 };
    q = q.where('id', 'in', filter.campaigns);
  }
  const campaigns = await q.execute();
  if (!filter.program && !filter.campaigns) {
    // Everything: also rows of campaigns that no longer exist.
    for (const t of ['report_campaigns', 'report_campaign_participants', 'report_campaign_days'] as const) await db.deleteFrom(t).execute();
  }
  let participants = 0;
  let days = 0;
  for (const c of campaigns) {
    for (const t of ['report_campaigns', 'report_campaign_participants', 'report_campaign_days'] as const) await db.deleteFrom(t).where('campaign_id', '=', c.id).execute();
    const w = campaignWindow(c.starts_on, c.ends_on);
    await sql`INSERT INTO report_campaign_participants (cardholder_id, campaign_id, program_id, window_from, window_to)
      SELECT DISTINCT m.cardholder_id, a.campaign_id, ${c.program_id}, ${w.from}, ${w.to}
      FROM rewards_campaign_awards a JOIN rewards_members m ON m.id = a.member_id WHERE a.campaign_id = ${c.id}`.execute(db);
    const n = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM report_campaign_participants WHERE campaign_id = ${c.id}`.execute(db)).rows[0]?.n ?? 0);
    if (n === 0) continue; // nobody rewarded: nothing to keep (the report needs no rows)
    await db.insertInto('report_campaigns').values({ campaign_id: c.id, program_id: c.program_id, window_from: w.from, window_to: w.to, participants: n }).execute();
    const inserted = await sql`INSERT INTO report_campaign_days (campaign_id, day, purchases, gross_minor, refunds_minor)
      SELECT ${c.id}, f.day, sum(CASE WHEN f.gross_minor > 0 THEN 1 ELSE 0 END), sum(f.gross_minor), sum(f.refunds_minor)
      FROM report_campaign_participants p CROSS JOIN report_facts f
      WHERE p.campaign_id = ${c.id} AND f.cardholder_id = p.cardholder_id AND f.day >= ${w.from} AND f.day <= ${w.to} AND +f.program_id = ${c.program_id}
        AND (f.gross_minor <> 0 OR f.refunds_minor <> 0)
      GROUP BY f.day`.execute(db);
    participants += n;
    days += Number(inserted.numAffectedRows ?? 0);
  }
  return { campaigns: campaigns.length, participants, campaign_days: days };
}

/** How each campaign stands in the rollup, for the report: usable, or to be computed directly. */
export interface CampaignRollupState {
  window_from: string;
  window_to: string;
  participants: number;
}

export async function campaignRollupStates(db: Db, campaignIds: readonly string[]): Promise<Map<string, CampaignRollupState>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db.selectFrom('report_campaigns').select(['campaign_id', 'window_from', 'window_to', 'participants']).where('campaign_id', 'in', campaignIds).execute();
  return new Map(rows.map((r) => [r.campaign_id, { window_from: r.window_from, window_to: r.window_to, participants: Number(r.participants) }]));
}

/** The rollup holds this campaign as it is now: same window, every rewarded member. */
export function rollupUsable(state: CampaignRollupState | undefined, campaign: { starts_on: string; ends_on: string }, participants: number): boolean {
  if (!state) return false;
  const w = campaignWindow(campaign.starts_on, campaign.ends_on);
  return state.window_from === w.from && state.window_to === w.to && state.participants === participants;
}

/**
 * Campaigns the rollup no longer holds as they are (their dates changed, or a member was rewarded
 * outside a purchase: a grant at the counter), rebuilt. Member counts are compared only for
 * campaigns that can still reward (ended at most two days ago: every time zone's today), so the
 * check reads a small table and the awards of running campaigns.
 */
export async function repairCampaignRollup(db: Db, now: Date): Promise<string[]> {
  const recent = addDays(now.toISOString().slice(0, 10), -2);
  const rows = await db
    .selectFrom('rewards_campaigns as c')
    .leftJoin('report_campaigns as r', 'r.campaign_id', 'c.id')
    .select(['c.id', 'c.starts_on', 'c.ends_on', 'r.window_from', 'r.window_to', 'r.participants'])
    .execute();
  const stale: string[] = [];
  const running: string[] = [];
  for (const r of rows) {
    const w = campaignWindow(r.starts_on, r.ends_on);
    if (r.window_from !== null && (r.window_from !== w.from || r.window_to !== w.to)) stale.push(r.id);
    else if (r.ends_on >= recent) running.push(r.id);
  }
  if (running.length > 0) {
    const counts = new Map(
      (
        await db
          .selectFrom('rewards_campaign_awards')
          .select(['campaign_id', sql<number>`count(DISTINCT member_id)`.as('n')])
          .where('campaign_id', 'in', running)
          .groupBy('campaign_id')
          .execute()
      ).map((c) => [c.campaign_id, Number(c.n)]),
    );
    for (const r of rows) {
      if (!running.includes(r.id)) continue;
      if ((counts.get(r.id) ?? 0) !== Number(r.participants ?? 0)) stale.push(r.id);
    }
  }
  if (stale.length > 0) await rebuildCampaignRollup(db, { campaigns: stale });
  return stale;
}
