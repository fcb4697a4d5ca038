import { sql, type Kysely } from 'kysely';

/**
 * Frozen: a purchase's points entries are looked up by authorization for its reversals only.
 *
 * The reports' facts read a purchase's earned and reversed points on every authorization write
 * (src/core/reports/record.ts), and rewards_points_entries_authorization (2026-11-26-19) held an
 * entry for every earn, so every rewarded capture wrote a page of that index too. The points a
 * purchase earned are on its earnings row (rewards_earnings.points_earned, the same number as its
 * one 'earn' entry; the facts' read already joins that row by its key), so only 'reverse' entries
 * are looked up by authorization now: a partial index of those, which a capture never writes.
 * Queries name the index's condition as a literal (kind = 'reverse'), which SQLite needs to use it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX rewards_points_entries_authorization`.execute(db);
  await sql`CREATE INDEX rewards_points_entries_reversals ON rewards_points_entries (authorization_id, points) WHERE kind = 'reverse' AND authorization_id IS NOT NULL`.execute(db);
}
