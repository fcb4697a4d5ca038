import { sql, type Kysely } from 'kysely';

/**
 * Frozen: the points entries of a purchase, found by its authorization. The reports' facts read a
 * purchase's earned and reversed points on every authorization write (src/core/reports/record.ts,
 * pointsSum), and without this index each of those reads scanned the whole points ledger: every
 * capture cost more as the history grew (3,000 entries already made it the dearest statement of a
 * capture). Covering (kind, points) so the sums come from the index alone; partial, since most
 * entries that belong to no purchase (bonuses, spends, expiries) are never looked up this way.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('rewards_points_entries_authorization')
    .on('rewards_points_entries')
    .columns(['authorization_id', 'kind', 'points'])
    .where(sql.ref('authorization_id'), 'is not', null)
    .execute();
}
