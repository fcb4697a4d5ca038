import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { schemaError } from '../bus/bus.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import { notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import type { RewardsEarningRulesTable } from './rewards-tables.js';
import {
  DEFAULT_RULE_NAMES, earningRuleCreateSchema, earningRuleUpdateSchema, paramsFromInput, paramsToInput, RULE_TYPES, type EarningRule,
} from './earning-rule.js';
import { assertNoConflict, assertRuleCoherent } from './rule-conflicts.js';
import { assertKnownLocations, created, MANAGE, READ } from './handler-common.js';
import { assertProgramExists, ruleFromRow, touchProgramRewards } from './program-config.js';

function view(row: RewardsEarningRulesTable) {
  const rule = ruleFromRow(row);
  return {
    id: rule.id,
    object: 'earning_rule' as const,
    program: rule.program_id,
    type: rule.type,
    name: rule.name,
    status: rule.status,
    valid_from: rule.valid_from,
    valid_until: rule.valid_until,
    ...paramsToInput(rule.params),
    created: created(row.created_at),
    updated: created(row.updated_at),
  };
}

async function activeRulesOfType(ctx: Ctx, programId: string, type: string): Promise<EarningRule[]> {
  const rows = await ctx.db.selectFrom('rewards_earning_rules').selectAll().where('program_id', '=', programId).where('type', '=', type).where('status', '=', 'active').execute();
  return rows.map(ruleFromRow);
}

async function validate(ctx: Ctx, rule: EarningRule): Promise<void> {
  assertRuleCoherent(rule);
  await assertKnownLocations(ctx.db, rule.params.locations, 'locations');
  assertNoConflict(rule, await activeRulesOfType(ctx, rule.program_id, rule.type));
}

export const earningRuleCreate = command({
  input: earningRuleCreateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    await assertProgramExists(ctx.db, input.program);
    const now = ctx.clock.now().toISOString();
    const rule: EarningRule = {
      id: ctx.ids.next('rule'),
      program_id: input.program,
      type: input.type,
      name: input.name ?? DEFAULT_RULE_NAMES[input.type],
      status: 'active',
      valid_from: input.valid_from ?? null,
      valid_until: input.valid_until ?? null,
      params: paramsFromInput(input),
    };
    await validate(ctx, rule);
    const row: RewardsEarningRulesTable = {
      id: rule.id, program_id: rule.program_id, type: rule.type, name: rule.name, status: rule.status, params: toJson(rule.params),
      valid_from: rule.valid_from, valid_until: rule.valid_until, created_at: now, updated_at: now,
    };
    await ctx.db.insertInto('rewards_earning_rules').values(row).execute();
    await touchProgramRewards(ctx, rule.program_id);
    const out = view(row);
    await ctx.emit('rewards.rule.created', rule.id, out);
    return out;
  },
});

async function getRuleRow(ctx: Ctx, id: string): Promise<RewardsEarningRulesTable> {
  const row = await ctx.db.selectFrom('rewards_earning_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('earning rule', id, 'id');
  return row;
}

/** Any field may change except the type; the merged rule is validated as a new one would be. */
export const earningRuleUpdate = command({
  input: earningRuleUpdateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    const current = ruleFromRow(await getRuleRow(ctx, input.id));
    const { id: _id, ...patch } = input;
    const merged: Record<string, unknown> = {
      type: current.type,
      program: current.program_id,
      name: current.name,
      ...(current.valid_from ? { valid_from: current.valid_from } : {}),
      ...(current.valid_until ? { valid_until: current.valid_until } : {}),
      ...paramsToInput(current.params),
    };
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) merged[key] = value;
    const parsed = earningRuleCreateSchema.safeParse(merged);
    if (!parsed.success) throw schemaError(parsed.error);
    const next: EarningRule = {
      ...current,
      name: parsed.data.name ?? current.name,
      valid_from: parsed.data.valid_from ?? null,
      valid_until: parsed.data.valid_until ?? null,
      params: paramsFromInput(parsed.data),
    };
    if (current.status === 'active') await validate(ctx, next);
    else assertRuleCoherent(next);
    const now = ctx.clock.now().toISOString();
    await ctx.db
      .updateTable('rewards_earning_rules')
      .set({ name: next.name, valid_from: next.valid_from, valid_until: next.valid_until, params: toJson(next.params), updated_at: now })
      .where('id', '=', current.id)
      .execute();
    await touchProgramRewards(ctx, current.program_id);
    const out = view(await getRuleRow(ctx, current.id));
    await ctx.emit('rewards.rule.updated', current.id, out);
    return out;
  },
});

/** Rules are archived, never deleted: past purchases' traces name them. */
export const earningRuleArchive = command({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    const row = await getRuleRow(ctx, input.id);
    const now = ctx.clock.now().toISOString();
    if (row.status !== 'archived') {
      await ctx.db.updateTable('rewards_earning_rules').set({ status: 'archived', updated_at: now }).where('id', '=', row.id).execute();
      await touchProgramRewards(ctx, row.program_id);
      await ctx.emit('rewards.rule.archived', row.id, { id: row.id, program: row.program_id, type: row.type });
    }
    return view(await getRuleRow(ctx, row.id));
  },
});

export const earningRuleList = query({
  input: z.strictObject({ ...listParams, program: z.string().min(1), type: z.enum(RULE_TYPES).optional(), status: z.enum(['active', 'archived']).optional() }),
  permission: READ,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('rewards_earning_rules').selectAll().where('program_id', '=', input.program);
    if (input.type) q = q.where('type', '=', input.type);
    if (input.status) q = q.where('status', '=', input.status);
    return pageById(q, 'id', input, view);
  },
});

export const earningRuleHandlers = {
  'earning-rule-create': earningRuleCreate,
  'earning-rule-update': earningRuleUpdate,
  'earning-rule-archive': earningRuleArchive,
  'earning-rule-list': earningRuleList,
};
