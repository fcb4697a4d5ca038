import { sql, type Kysely } from 'kysely';

/**
 * Frozen: the campaigns rollup (measured on 10M ledger entries: the campaign report spent most of
 * its time reading each rewarded member's own facts, one index seek per member and campaign).
 *
 * - report_campaigns: per campaign, the window of days its rows cover (the campaign's dates and a
 *   previous period as long: every day the report can compare) and how many members it holds.
 * - report_campaign_participants: the rewarded members (as cardholders), keyed by cardholder so a
 *   purchase's write finds the campaigns its spend counts for in one seek.
 * - report_campaign_days: the participants' spend per campaign and local day.
 * - rewards_campaign_awards by source_id: the purchase's write finds the awards it just made (and
 *   a refund its awards) without reading every award.
 *
 * Back-filled here from the awards and the facts, self-contained (this file never changes). The
 * facts are read through report_facts_cardholder_money only (one seek per member: purchases are
 * the facts with gross_minor > 0; `+f.program_id` keeps the program-and-day index out).
 */
const DAY_MS = 86_400_000;

function parse(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_campaigns')
    .addColumn('campaign_id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('window_from', 'text', (c) => c.notNull())
    .addColumn('window_to', 'text', (c) => c.notNull())
    .addColumn('participants', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('report_campaign_participants')
    .addColumn('cardholder_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('window_from', 'text', (c) => c.notNull())
    .addColumn('window_to', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_campaign_participants_pk', ['cardholder_id', 'campaign_id'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await db.schema.createIndex('report_campaign_participants_campaign').on('report_campaign_participants').columns(['campaign_id', 'cardholder_id']).execute();
  await db.schema
    .createTable('report_campaign_days')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('purchases', 'integer', (c) => c.notNull())
    .addColumn('gross_minor', 'integer', (c) => c.notNull())
    .addColumn('refunds_minor', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_campaign_days_pk', ['campaign_id', 'day'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await db.schema.createIndex('report_campaign_awards_source').on('rewards_campaign_awards').columns(['source_id']).execute();

  // Back-fill: every campaign with awards, its window from its dates as they are now.
  const campaigns = await db
    .selectFrom('rewards_campaigns as c')
    .select(['c.id', 'c.program_id', 'c.starts_on', 'c.ends_on'])
    .where(({ exists, selectFrom }) => exists(selectFrom('rewards_campaign_awards as a').select('a.campaign_id').whereRef('a.campaign_id', '=', 'c.id')))
    .execute();
  for (const c of campaigns as Array<{ id: string; program_id: string; starts_on: string; ends_on: string }>) {
    const length = Math.round((parse(c.ends_on) - parse(c.starts_on)) / DAY_MS) + 1;
    const windowFrom = format(parse(c.starts_on) - Math.max(1, length) * DAY_MS);
    await db.insertInto('report_campaigns').values({ campaign_id: c.id, program_id: c.program_id, window_from: windowFrom, window_to: c.ends_on, participants: 0 }).execute();
    await sql`INSERT INTO report_campaign_participants (cardholder_id, campaign_id, program_id, window_from, window_to)
      SELECT DISTINCT m.cardholder_id, a.campaign_id, ${c.program_id}, ${windowFrom}, ${c.ends_on}
      FROM rewards_campaign_awards a JOIN rewards_members m ON m.id = a.member_id WHERE a.campaign_id = ${c.id}`.execute(db);
    await sql`UPDATE report_campaigns SET participants = (SELECT count(*) FROM report_campaign_participants p WHERE p.campaign_id = ${c.id}) WHERE campaign_id = ${c.id}`.execute(db);
    await sql`INSERT INTO report_campaign_days (campaign_id, day, purchases, gross_minor, refunds_minor)
      SELECT ${c.id}, f.day, sum(CASE WHEN f.gross_minor > 0 THEN 1 ELSE 0 END), sum(f.gross_minor), sum(f.refunds_minor)
      FROM report_campaign_participants p CROSS JOIN report_facts f
      WHERE p.campaign_id = ${c.id} AND f.cardholder_id = p.cardholder_id AND f.day >= ${windowFrom} AND f.day <= ${c.ends_on} AND +f.program_id = ${c.program_id}
        AND (f.gross_minor <> 0 OR f.refunds_minor <> 0)
      GROUP BY f.day`.execute(db);
  }
}
