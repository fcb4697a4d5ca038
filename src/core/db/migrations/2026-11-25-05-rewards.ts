import { sql, type Kysely } from 'kysely';

/** Frozen: the rewards engine (points ledger with lots, tiers, cashback, catalogue, campaigns, partners). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rewards_programs')
    .addColumn('program_id', 'text', (c) => c.primaryKey().references('programs.id'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('config_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rewards_earning_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rewards_earning_rules_program').on('rewards_earning_rules').columns(['program_id', 'status']).execute();

  await db.schema
    .createTable('rewards_tiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('benefits', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rewards_tiers_program').on('rewards_tiers').columns(['program_id']).execute();

  await db.schema
    .createTable('rewards_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('cardholder_id', 'text', (c) => c.notNull().references('cardholders.id'))
    .addColumn('tier_id', 'text')
    .addColumn('tier_since', 'text')
    .addColumn('tier_held_until', 'text')
    .addColumn('computed_tier_id', 'text')
    .addColumn('manual_tier_id', 'text')
    .addColumn('manual_tier_until', 'text')
    .addColumn('manual_tier_reason', 'text')
    .addColumn('owed_points', 'integer', (c) => c.notNull())
    .addColumn('first_purchase_at', 'text')
    .addColumn('last_visit_at', 'text')
    .addColumn('last_qualifying_at', 'text')
    .addColumn('referred_by', 'text')
    .addColumn('referral_rewarded', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('rewards_members_program_cardholder', ['program_id', 'cardholder_id'])
    .execute();
  await db.schema.createIndex('rewards_members_cardholder').on('rewards_members').columns(['cardholder_id']).execute();
  // The periodic tier job reads only members whose tier may have run out; the full one pages by id.
  await db.schema.createIndex('rewards_members_tier_due').on('rewards_members').columns(['program_id', 'tier_held_until']).execute();
  await db.schema.createIndex('rewards_members_manual_due').on('rewards_members').columns(['program_id', 'manual_tier_until']).execute();
  await db.schema.createIndex('rewards_members_program').on('rewards_members').columns(['program_id', 'id']).execute();

  await db.schema
    .createTable('rewards_points_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('cardholder_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('qualifying_at', 'text')
    .addColumn('authorization_id', 'text')
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('reason', 'text')
    .addColumn('actor', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Every purchase writes an entry: only the indexes queries need, partial where most rows have nothing to index.
  await db.schema.createIndex('rewards_points_entries_account').on('rewards_points_entries').columns(['account_id', 'id']).execute();
  await db.schema
    .createIndex('rewards_points_entries_qualifying')
    .on('rewards_points_entries')
    .columns(['account_id', 'qualifying_at', 'points'])
    .where(sql.ref('qualifying_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('rewards_points_entries_dedupe')
    .on('rewards_points_entries')
    .columns(['account_id', 'dedupe_key'])
    .unique()
    .where(sql.ref('dedupe_key'), 'is not', null)
    .execute();

  await db.schema
    .createTable('rewards_lots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('rewards_members.id'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('rewards_points_entries.id'))
    .addColumn('authorization_id', 'text')
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('remaining', 'integer', (c) => c.notNull())
    .addColumn('earned_at', 'text', (c) => c.notNull())
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('warned_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('rewards_lots_remaining_range', sql`remaining >= 0 AND remaining <= points`)
    .execute();
  await db.schema.createIndex('rewards_lots_member').on('rewards_lots').columns(['member_id', 'expires_at']).execute();
  await db.schema.createIndex('rewards_lots_expiry').on('rewards_lots').columns(['expires_at']).execute();

  await db.schema
    .createTable('rewards_lot_allocations')
    .addColumn('entry_id', 'text', (c) => c.notNull().references('rewards_points_entries.id'))
    .addColumn('lot_id', 'text', (c) => c.notNull().references('rewards_lots.id'))
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rewards_lot_allocations_pk', ['entry_id', 'lot_id'])
    .execute();
  await db.schema.createIndex('rewards_lot_allocations_lot').on('rewards_lot_allocations').columns(['lot_id']).execute();

  await db.schema
    .createTable('rewards_earnings')
    .addColumn('authorization_id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('rewards_members.id'))
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('amount_reversed_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('points_earned', 'integer', (c) => c.notNull())
    .addColumn('points_reversed', 'integer', (c) => c.notNull())
    .addColumn('purchase_points', 'integer', (c) => c.notNull())
    .addColumn('cashback_minor', 'integer', (c) => c.notNull())
    .addColumn('cashback_reversed_minor', 'integer', (c) => c.notNull())
    .addColumn('merchant_id', 'text')
    .addColumn('mcc', 'text')
    .addColumn('location_id', 'text')
    .addColumn('breakdown', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Covering, in member order: the purchase path's window sums (tier qualification, earning caps) and
  // the tier recomputation (pages of members) read it without a sort or row look-ups.
  await db.schema.createIndex('rewards_earnings_member').on('rewards_earnings').columns(['member_id', 'at', 'amount_minor', 'amount_reversed_minor', 'purchase_points']).execute();

  await db.schema
    .createTable('rewards_cashback_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('rewards_members.id'))
    .addColumn('card_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('authorization_id', 'text')
    .addColumn('source_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rewards_cashback_entries_member').on('rewards_cashback_entries').columns(['member_id', 'id']).execute();

  await db.schema
    .createTable('rewards_catalogue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('points_cost', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('tier_ids', 'text')
    .addColumn('stock_total', 'integer')
    .addColumn('stock_redeemed', 'integer', (c) => c.notNull())
    .addColumn('per_member_limit', 'integer')
    .addColumn('per_member_period', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('rewards_catalogue_stock', sql`stock_total IS NULL OR stock_redeemed <= stock_total`)
    .execute();
  await db.schema.createIndex('rewards_catalogue_program').on('rewards_catalogue').columns(['program_id']).execute();

  await db.schema
    .createTable('rewards_redemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('rewards_members.id'))
    .addColumn('cardholder_id', 'text', (c) => c.notNull())
    .addColumn('reward_id', 'text', (c) => c.notNull().references('rewards_catalogue.id'))
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('authorization_id', 'text')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('voucher_code', 'text')
    .addColumn('credit_minor', 'integer')
    .addColumn('cancelable_until', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('close_reason', 'text')
    .execute();
  await db.schema.createIndex('rewards_redemptions_member').on('rewards_redemptions').columns(['member_id', 'reward_id']).execute();
  await db.schema.createIndex('rewards_redemptions_authorization').on('rewards_redemptions').columns(['authorization_id']).execute();
  await db.schema.createIndex('rewards_redemptions_program').on('rewards_redemptions').columns(['program_id', 'id']).execute();

  await db.schema
    .createTable('rewards_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('targeting', 'text', (c) => c.notNull())
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('budget_points', 'integer')
    .addColumn('budget_minor', 'integer')
    .addColumn('used_points', 'integer', (c) => c.notNull())
    .addColumn('used_minor', 'integer', (c) => c.notNull())
    .addColumn('per_member_limit', 'integer')
    .addColumn('exhausted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('rewards_campaigns_budget', sql`(budget_points IS NULL OR used_points <= budget_points) AND (budget_minor IS NULL OR used_minor <= budget_minor)`)
    .execute();
  await db.schema.createIndex('rewards_campaigns_program').on('rewards_campaigns').columns(['program_id']).execute();

  await db.schema
    .createTable('rewards_campaign_awards')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('rewards_campaigns.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('cashback_minor', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rewards_campaign_awards_pk', ['campaign_id', 'source_id'])
    .execute();
  await db.schema.createIndex('rewards_campaign_awards_member').on('rewards_campaign_awards').columns(['campaign_id', 'member_id']).execute();

  await db.schema
    .createTable('rewards_partners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('rate_points', 'integer', (c) => c.notNull())
    .addColumn('rate_partner_points', 'integer', (c) => c.notNull())
    .addColumn('directions', 'text', (c) => c.notNull())
    .addColumn('min_points', 'integer', (c) => c.notNull())
    .addColumn('max_points_per_exchange', 'integer')
    .addColumn('monthly_limit_points', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('rewards_partners_program_code', ['program_id', 'code'])
    .execute();

  await db.schema
    .createTable('rewards_partner_exchanges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('rewards_partners.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('rewards_members.id'))
    .addColumn('cardholder_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('partner_points', 'integer', (c) => c.notNull())
    .addColumn('member_entry_id', 'text', (c) => c.notNull())
    .addColumn('partner_entry_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rewards_partner_exchanges_partner').on('rewards_partner_exchanges').columns(['partner_id', 'created_at']).execute();
  await db.schema.createIndex('rewards_partner_exchanges_member').on('rewards_partner_exchanges').columns(['member_id', 'created_at']).execute();
}
