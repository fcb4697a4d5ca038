import type { Kysely } from 'kysely';

const GENESIS = '0'.repeat(64);

/**
 * Frozen: risk policies, per-card signal state, alerts, block lists, retention erasures, and the
 * audit chain's anchor (initialised from the last entry of an existing log).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('risk_policies')
    .addColumn('program_id', 'text', (c) => c.primaryKey().references('programs.id'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('risk_allow_list')
    .addColumn('card_id', 'text', (c) => c.primaryKey().references('cards.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('until', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_allow_list_program').on('risk_allow_list').columns(['program_id']).execute();

  await db.schema
    .createTable('risk_card_state')
    .addColumn('card_id', 'text', (c) => c.primaryKey().references('cards.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('auth_count', 'integer', (c) => c.notNull())
    .addColumn('approved_count', 'integer', (c) => c.notNull())
    .addColumn('declined_count', 'integer', (c) => c.notNull())
    .addColumn('decline_streak', 'integer', (c) => c.notNull())
    .addColumn('amount_n', 'integer', (c) => c.notNull())
    .addColumn('amount_mean', 'real', (c) => c.notNull())
    .addColumn('amount_m2', 'real', (c) => c.notNull())
    .addColumn('last_at', 'text')
    .addColumn('last_city', 'text')
    .addColumn('last_country', 'text')
    .addColumn('last_merchant_id', 'text')
    .addColumn('recent', 'text', (c) => c.notNull())
    .addColumn('dismissed', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('risk_card_seen')
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_card_seen_pk', ['card_id', 'kind', 'value'])
    .execute();

  await db.schema
    .createTable('risk_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text')
    .addColumn('cardholder_id', 'text')
    .addColumn('program_id', 'text')
    .addColumn('authorization_id', 'text')
    .addColumn('merchant', 'text')
    .addColumn('score', 'integer')
    .addColumn('action', 'text')
    .addColumn('signals', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('occurrences', 'integer', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    .addColumn('resolution_actions', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_alerts_status').on('risk_alerts').columns(['status', 'id']).execute();
  await db.schema.createIndex('risk_alerts_card').on('risk_alerts').columns(['card_id', 'id']).execute();
  await db.schema.createIndex('risk_alerts_authorization').on('risk_alerts').columns(['authorization_id']).execute();
  await db.schema.createIndex('risk_alerts_dedupe').on('risk_alerts').columns(['dedupe_key', 'status']).execute();

  await db.schema
    .createTable('risk_alert_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('risk_alerts.id'))
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_alert_comments_alert').on('risk_alert_comments').columns(['alert_id', 'id']).execute();

  await db.schema
    .createTable('blocklists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_date', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('blocklist_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull().references('blocklists.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text')
    .execute();
  // The authorization's lookup: (kind, value) among entries still in force.
  await db.schema.createIndex('blocklist_entries_match').on('blocklist_entries').columns(['kind', 'value']).execute();
  await db.schema.createIndex('blocklist_entries_list').on('blocklist_entries').columns(['list_id', 'id']).execute();

  await db.schema
    .createTable('retention_erasures')
    .addColumn('cardholder_id', 'text', (c) => c.primaryKey().references('cardholders.id'))
    .addColumn('erased_at', 'text', (c) => c.notNull())
    .addColumn('policy_days', 'integer', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('cards', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_anchor')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  await db
    .insertInto('audit_anchor')
    .values({ id: 1, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS, updated_at: new Date().toISOString() })
    .execute();
  // The unusual-activity scan counts one actor's reveals, and refusals, in the last hour.
  await db.schema.createIndex('audit_log_action_actor').on('audit_log').columns(['action', 'actor_id', 'at']).execute();
  await db.schema.createIndex('audit_log_actor_at').on('audit_log').columns(['actor_id', 'at']).execute();

}
