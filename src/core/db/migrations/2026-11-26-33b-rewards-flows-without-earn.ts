import { sql, type Kysely } from 'kysely';

/**
 * Frozen: a purchase's points and cashback entries no longer go into the programs' flow indexes.
 *
 * rewards_points_entries_program_kind and rewards_cashback_entries_program_kind serve whole-program
 * sums by kind (the rewards summary, the points rollup's rebuild, the loyalty report's other
 * cashback). Every rewarded capture wrote an entry of each, for its 'earn' entries. Those sums for
 * 'earn' are now read from the purchases' earnings rows: a purchase's one 'earn' points entry is
 * its earnings row's points_earned and its one 'earn' cashback entry its cashback_minor (written
 * together by the rewards hook; a positive cashback is never cut), so the earnings index by member
 * carries both, and the summary sums them over the program's members from that index alone.
 * The flow indexes keep every other kind (partial: kind <> 'earn'); their queries name that
 * condition as a literal, which SQLite needs to use a partial index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX rewards_points_entries_program_kind`.execute(db);
  await sql`CREATE INDEX rewards_points_entries_program_kind ON rewards_points_entries (program_id, kind, created_at, points, account_id) WHERE kind <> 'earn'`.execute(db);
  await sql`DROP INDEX rewards_cashback_entries_program_kind`.execute(db);
  await sql`CREATE INDEX rewards_cashback_entries_program_kind ON rewards_cashback_entries (program_id, kind, created_at, amount_minor) WHERE kind <> 'earn'`.execute(db);
  await sql`DROP INDEX rewards_earnings_member`.execute(db);
  await sql`CREATE INDEX rewards_earnings_member ON rewards_earnings (member_id, at, amount_minor, amount_reversed_minor, purchase_points, points_earned, cashback_minor)`.execute(db);
}
