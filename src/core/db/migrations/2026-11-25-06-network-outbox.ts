import type { Kysely } from 'kysely';

/** Frozen: the outbox of changes the card network must learn, written in the same transaction as the change. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('network_outbox_due').on('network_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('network_outbox_card').on('network_outbox').columns(['card_id', 'id']).execute();
}
