import type { Kysely } from 'kysely';

/**
 * Frozen: the transactions list filtered by cardholder or by status, newest first, over a million
 * authorizations (issue 8: under 200 ms). Without these, a member's filter walked the whole table
 * newest first until it found their rows (about 7 s for a member who came once, a year ago), and a
 * status filter sorted every row of that status (about 0.5 s for the reversed ones). Each is a
 * seek now, read in id order, as the program and card filters already were.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('authorizations_cardholder').on('authorizations').columns(['cardholder_id', 'id']).execute();
  await db.schema.createIndex('authorizations_status').on('authorizations').columns(['status', 'id']).execute();
}
