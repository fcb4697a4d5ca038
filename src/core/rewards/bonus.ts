import type { Ctx } from '../bus/context.js';
import type { RuleType } from './earning-rule.js';
import type { CompiledRule, ProgramRewards } from './program-config.js';
import type { MemberRow } from './member.js';
import { creditPoints } from './points-ledger.js';
import { expiryFor } from './expiry-policy.js';
import { localParts } from './local-time.js';
import { onQualifyingEvent, type TierChange } from './tier-service.js';

/** A rule applies on the local dates it is valid (inclusive, in the program's time zone). */
export function ruleValidOn(rule: { valid_from: string | null; valid_until: string | null }, localDate: string): boolean {
  return (rule.valid_from === null || localDate >= rule.valid_from) && (rule.valid_until === null || localDate <= rule.valid_until);
}

/** The active rule of a one-off type valid at that instant (conflict checks keep it to one). */
export function activeRule(config: ProgramRewards, type: RuleType, atMs: number): CompiledRule | undefined {
  const rules = config.rulesByType[type];
  if (!rules) return undefined;
  const date = localParts(atMs, config.timezone).date;
  return rules.find((rule) => ruleValidOn(rule, date));
}

export interface BonusInput {
  points: number;
  rule?: CompiledRule;
  campaignId?: string;
  reason: 'signup' | 'birthday' | 'referral' | 'referee' | 'campaign';
  /** Once-only grants: a second grant with the same key is skipped (and refused by a unique index). */
  dedupeKey?: string;
  at: string;
  details?: Record<string, unknown>;
}

/**
 * Grants bonus points in a new lot (available at once: no purchase can be returned) that count
 * toward tiers on the points metric. Returns null when the once-only key was already used.
 */
export async function grantBonus(ctx: Ctx, config: ProgramRewards, member: MemberRow, input: BonusInput): Promise<{ entryId: string; tierChange: TierChange | null } | null> {
  if (input.points <= 0) return null;
  if (input.dedupeKey) {
    const done = await ctx.db
      .selectFrom('rewards_points_entries')
      .select('id')
      .where('account_id', '=', member.id)
      .where('dedupe_key', '=', input.dedupeKey)
      .executeTakeFirst();
    if (done) return null;
  }
  const atMs = Date.parse(input.at);
  const credit = await creditPoints(ctx, member, {
    kind: 'bonus',
    points: input.points,
    at: input.at,
    qualifyingAt: input.at,
    sourceType: input.rule ? 'rule' : input.campaignId ? 'campaign' : null,
    sourceId: input.rule?.id ?? input.campaignId ?? null,
    dedupeKey: input.dedupeKey ?? null,
    reason: input.reason,
    details: input.details ?? {},
    earnedAt: input.at,
    availableAt: input.at,
    expiresAt: expiryFor(atMs, config.settings.expiry, config.timezone),
  });
  await ctx.emit('rewards.bonus.granted', member.id, {
    member: member.id,
    cardholder: member.cardholder_id,
    program: member.program_id,
    points: input.points,
    reason: input.reason,
    rule: input.rule?.id ?? null,
    campaign: input.campaignId ?? null,
    entry: credit.entryId,
  });
  const tierChange = config.settings.tier_qualification.metric === 'points' ? await onQualifyingEvent(ctx, config, member, atMs) : null;
  return { entryId: credit.entryId, tierChange };
}
