import type { Selectable } from 'kysely';
import type { Ctx } from '../bus/context.js';
import type { Db } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import type { RewardsMembersTable } from './rewards-tables.js';
import type { ProgramRewards } from './program-config.js';
import { grantBonus, activeRule } from './bonus.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';

const memberOf = new Prepared(2, (db: Db, programId: string, cardholderId: string) =>
  db.selectFrom('rewards_members').selectAll().where('program_id', '=', programId).where('cardholder_id', '=', cardholderId),
);

export type MemberRow = Selectable<RewardsMembersTable>;

// A first purchase creates its member: compiled once.
const MEMBER_COLUMNS = [
  'id', 'program_id', 'cardholder_id', 'tier_id', 'tier_since', 'tier_held_until', 'computed_tier_id', 'manual_tier_id', 'manual_tier_until', 'manual_tier_reason',
  'owed_points', 'first_purchase_at', 'last_visit_at', 'last_qualifying_at', 'referred_by', 'referral_rewarded', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof MemberRow>;
const insertMember = new PreparedInsert<MemberRow & Record<string, unknown>>('rewards_members', MEMBER_COLUMNS);

export async function findMember(db: Db, programId: string, cardholderId: string): Promise<MemberRow | undefined> {
  const [row] = (await memberOf.execute(db, programId, cardholderId)) as MemberRow[];
  return row;
}

export async function getMember(db: Db, programId: string, cardholderId: string, param = 'cardholder'): Promise<MemberRow> {
  const member = await findMember(db, programId, cardholderId);
  if (!member) throw invalid('not_a_member', `Cardholder ${cardholderId} is not a member of program ${programId}'s rewards yet (no purchase, no enrolment).`, param);
  return member;
}

export async function getMemberById(db: Db, id: string): Promise<MemberRow> {
  const member = await db.selectFrom('rewards_members').selectAll().where('id', '=', id).executeTakeFirst();
  if (!member) throw notFound('rewards member', id, 'member');
  return member;
}

export interface EnsureOptions {
  at: string;
  /** The member who referred this one (a referral bonus follows their first purchase). */
  referredBy?: string | null;
  /** The caller has just read that there is no member (the purchase path's joined read): no look-up. */
  absent?: boolean;
  /**
   * Created by a purchase, which is then its first: written with the row (the purchase path would
   * otherwise update the row it just inserted). Nothing reads it before the purchase's write ends.
   */
  firstPurchaseAt?: string;
}

/**
 * The member for a cardholder in a program, created on first use (enrolment, first purchase, or
 * a job that touches them): creating it grants the sign-up bonus if the program has one.
 */
export async function ensureMember(ctx: Ctx, config: ProgramRewards, cardholderId: string, options: EnsureOptions): Promise<{ member: MemberRow; created: boolean }> {
  const existing = options.absent ? undefined : await findMember(ctx.db, config.programId, cardholderId);
  if (existing) return { member: existing, created: false };
  const member: MemberRow = {
    id: ctx.ids.next('mbr'),
    program_id: config.programId,
    cardholder_id: cardholderId,
    tier_id: null,
    tier_since: null,
    tier_held_until: null,
    computed_tier_id: null,
    manual_tier_id: null,
    manual_tier_until: null,
    manual_tier_reason: null,
    owed_points: 0,
    first_purchase_at: options.firstPurchaseAt ?? null,
    last_visit_at: null,
    last_qualifying_at: null,
    referred_by: options.referredBy ?? null,
    referral_rewarded: 0,
    created_at: options.at,
    updated_at: options.at,
  };
  // The lowest tier (threshold 0) is where every member starts.
  const base = config.tiers[0];
  if (base && base.threshold <= 0) {
    member.tier_id = base.id;
    member.computed_tier_id = base.id;
    member.tier_since = options.at;
  }
  await insertMember.execute(ctx.db, member as MemberRow & Record<string, unknown>);
  await ctx.emit('rewards.member.created', member.id, { id: member.id, object: 'rewards_member', program: config.programId, cardholder: cardholderId, tier: member.tier_id, referred_by: member.referred_by });
  const signup = activeRule(config, 'signup', Date.parse(options.at));
  if (signup) {
    await grantBonus(ctx, config, member, { points: signup.params.points!, rule: signup, reason: 'signup', dedupeKey: 'signup', at: options.at });
  }
  return { member, created: true };
}
