import { sql, type Kysely } from 'kysely';

/**
 * Frozen: per-card category totals in the card rollup, and the facts by cardholder with their
 * money (measured on 10M ledger entries).
 *
 * - Each fact also adds to its card's cell for its category over every branch (place = '*', mcc =
 *   the category): spend per employee and category (the corporate report) reads one row per card
 *   and category instead of one per card, supplier and category. Filled here from the branch
 *   cells (sums of derived data: nothing to rebuild).
 * - report_facts by (cardholder_id, day) now carries the program and the money: the rewarded
 *   members' spend of a campaign is a seek per member with no look-up into the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`INSERT INTO report_card_cells (program_id, grain, bucket, place, mcc, card_id, tier, cardholder_id, purchases, gross_minor, refunds_minor)
    SELECT program_id, grain, bucket, '*', mcc, card_id, tier, max(cardholder_id), sum(purchases), sum(gross_minor), sum(refunds_minor)
    FROM report_card_cells WHERE place <> '*' GROUP BY program_id, grain, bucket, mcc, card_id, tier`.execute(db);
  await db.schema.dropIndex('report_facts_cardholder_day').execute();
  await db.schema.createIndex('report_facts_cardholder_money').on('report_facts').columns(['cardholder_id', 'day', 'program_id', 'gross_minor', 'refunds_minor']).execute();
}
