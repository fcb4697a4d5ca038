import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { getProgram } from '../programs/program-repo.js';
import { DEFAULT_POLICY, mergePolicy, policyFromJson, policyPatchSchema, thresholdProblem, tinyAmountMinor, type RiskPolicy } from './risk-policy.js';

const read = { scope: 'risk:read', role: 'manager' } as const;
const write = { scope: 'risk:write', role: 'manager' } as const;

const allowEntrySchema = z.strictObject({
  card: z.string().min(1),
  reason: z.string().trim().min(1).max(300),
  until: z.iso.datetime({ offset: true }).optional(),
});

export interface RiskPolicyView extends RiskPolicy {
  object: 'risk_policy';
  program: string;
  is_default: boolean;
  /** What "tiny" means for card testing in this program's currency. */
  effective_tiny_amount_minor: number;
  allow_list: Array<{ card: string; reason: string; until: string | null; created_by: string; created: number }>;
  updated: number | null;
}

async function policyView(ctx: Ctx, programId: string): Promise<RiskPolicyView> {
  const program = await getProgram(ctx.db, programId, ctx.mode === 'live', 'program');
  const row = await ctx.db.selectFrom('risk_policies').selectAll().where('program_id', '=', program.id).executeTakeFirst();
  const policy = policyFromJson(row?.policy ?? null);
  const allow = await ctx.db.selectFrom('risk_allow_list').selectAll().where('program_id', '=', program.id).orderBy('created_at', 'desc').limit(1000).execute();
  return {
    object: 'risk_policy',
    program: program.id,
    ...policy,
    is_default: !row,
    effective_tiny_amount_minor: tinyAmountMinor(policy, program.currency),
    allow_list: allow.map((a) => ({ card: a.card_id, reason: a.reason, until: a.until, created_by: a.created_by, created: Math.floor(Date.parse(a.created_at) / 1000) })),
    updated: row ? Math.floor(Date.parse(row.updated_at) / 1000) : null,
  };
}

export const riskPolicyGet = query({
  input: z.strictObject({ program: z.string().min(1) }),
  permission: read,
  handler: (ctx, input) => policyView(ctx, input.program),
});

export const riskPolicyUpdate = command({
  input: policyPatchSchema.extend({
    program: z.string().min(1),
    /** Cards exempt from score-based actions (block lists still apply). */
    allow_list: z.strictObject({ add: z.array(allowEntrySchema).max(100).optional(), remove: z.array(z.string().min(1)).max(100).optional() }).optional(),
    /** Back to the defaults (score and flag, never decline) before applying the rest. */
    reset: z.boolean().optional(),
  }),
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<RiskPolicyView> {
    const { program: programId, allow_list, reset, ...patch } = input;
    const program = await getProgram(ctx.db, programId, ctx.mode === 'live', 'program');
    const row = await ctx.db.selectFrom('risk_policies').selectAll().where('program_id', '=', program.id).executeTakeFirst();
    const before = reset ? DEFAULT_POLICY : policyFromJson(row?.policy ?? null);
    const next = mergePolicy(before, patch);
    const problem = thresholdProblem(next.thresholds);
    if (problem) throw invalid('parameter_invalid', problem.message, problem.param);
    const now = ctx.clock.now().toISOString();
    await ctx.db
      .insertInto('risk_policies')
      .values({ program_id: program.id, policy: toJson(next), updated_at: now })
      .onConflict((oc) => oc.column('program_id').doUpdateSet({ policy: toJson(next), updated_at: now }))
      .execute();
    for (const [index, entry] of (allow_list?.add ?? []).entries()) {
      const card = await ctx.db.selectFrom('cards').select(['id', 'program_id']).where('id', '=', entry.card).executeTakeFirst();
      if (!card) throw notFound('card', entry.card, `allow_list.add.${index}.card`);
      if (card.program_id !== program.id) throw invalid('parameter_invalid', `${entry.card} is not a card of ${program.id}.`, `allow_list.add.${index}.card`);
      const values = { program_id: program.id, reason: entry.reason, until: entry.until ? new Date(entry.until).toISOString() : null, created_by: ctx.actor.id, created_at: now };
      await ctx.db.insertInto('risk_allow_list').values({ card_id: card.id, ...values }).onConflict((oc) => oc.column('card_id').doUpdateSet(values)).execute();
    }
    for (const [index, card] of (allow_list?.remove ?? []).entries()) {
      const removed = await ctx.db.deleteFrom('risk_allow_list').where('card_id', '=', card).where('program_id', '=', program.id).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw invalid('parameter_invalid', `${card} is not on this program's allow list.`, `allow_list.remove.${index}`);
    }
    await ctx.emit('risk_policy.updated', program.id, { program: program.id, thresholds: next.thresholds, allow_list_changes: { added: allow_list?.add?.length ?? 0, removed: allow_list?.remove?.length ?? 0 } });
    return policyView(ctx, program.id);
  },
});

export const riskPolicyHandlers = {
  'risk-policy-get': riskPolicyGet,
  'risk-policy-update': riskPolicyUpdate,
};
