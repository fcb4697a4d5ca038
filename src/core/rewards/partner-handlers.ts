import { sql } from 'kysely';
import Papa from 'papaparse';
import { z } from 'zod';
import { actorLabel } from '../bus/actor.js';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { invalid, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import type { RewardsPartnersTable } from './rewards-tables.js';
import { COUNTER, created, MANAGE, READ, resolveProgram } from './handler-common.js';
import { assertProgramExists, programRewardsOrDefaults, touchProgramRewards } from './program-config.js';
import { ensureMember } from './member.js';
import { availablePoints, creditPoints, debitPoints, insertEntry } from './points-ledger.js';
import { expiryFor } from './expiry-policy.js';
import { addDaysToDate, startOfLocalDate, startOfLocalMonth } from './local-time.js';
import { localDateSchema } from './earning-rule.js';

/**
 * Partner loyalty programs (an airline, a bookshop): members exchange points at a fixed rate,
 * `rate.points` of ours for `rate.partner_points` of theirs, in the directions allowed, within
 * limits. Each exchange is a transfer in the points ledger between the member's account and the
 * partner's account (two entries, one exchange), so the partner's balance is what is owed to or
 * by it at settlement; the export lists the exchanges of a period for that settlement.
 */
const positive = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be positive`).max(1_000_000_000);

export const partnerCreateSchema = z.strictObject({
  program: z.string().min(1),
  name: z.string().trim().min(1).max(100),
  code: z.string().regex(/^[A-Z0-9_-]{2,20}$/, 'must be 2-20 upper-case letters, digits, _ or -'),
  rate: z.strictObject({ points: positive('rate.points'), partner_points: positive('rate.partner_points') }),
  directions: z.array(z.enum(['out', 'in'])).min(1).max(2).optional(),
  min_points: positive('min_points').optional(),
  max_points_per_exchange: positive('max_points_per_exchange').nullable().optional(),
  monthly_limit_points: positive('monthly_limit_points').nullable().optional(),
});

async function partnerBalance(ctx: Ctx, partnerId: string): Promise<number> {
  const row = await ctx.db.selectFrom('rewards_points_entries').select(sql<number>`coalesce(sum(points), 0)`.as('n')).where('account_id', '=', partnerId).executeTakeFirstOrThrow();
  return Number(row.n);
}

function view(row: RewardsPartnersTable, balance: number) {
  return {
    id: row.id,
    object: 'partner' as const,
    program: row.program_id,
    name: row.name,
    code: row.code,
    rate: { points: row.rate_points, partner_points: row.rate_partner_points },
    directions: JSON.parse(row.directions) as Array<'out' | 'in'>,
    min_points: row.min_points,
    max_points_per_exchange: row.max_points_per_exchange,
    monthly_limit_points: row.monthly_limit_points,
    status: row.status,
    /** Net points moved to the partner (negative: more came in from it). */
    balance_points: balance,
    created: created(row.created_at),
  };
}

export const partnerCreate = command({
  input: partnerCreateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    await assertProgramExists(ctx.db, input.program);
    const taken = await ctx.db.selectFrom('rewards_partners').select('id').where('program_id', '=', input.program).where('code', '=', input.code).executeTakeFirst();
    if (taken) throw invalid('partner_code_taken', `Partner code ${input.code} is already used by ${taken.id}.`, 'code');
    if (input.max_points_per_exchange && input.max_points_per_exchange < (input.min_points ?? 1)) {
      throw invalid('parameter_invalid', 'max_points_per_exchange is below min_points.', 'max_points_per_exchange');
    }
    const now = ctx.clock.now().toISOString();
    const row: RewardsPartnersTable = {
      id: ctx.ids.next('ptnr'),
      program_id: input.program,
      name: input.name,
      code: input.code,
      rate_points: input.rate.points,
      rate_partner_points: input.rate.partner_points,
      directions: JSON.stringify([...new Set(input.directions ?? ['out', 'in'])]),
      min_points: input.min_points ?? 1,
      max_points_per_exchange: input.max_points_per_exchange ?? null,
      monthly_limit_points: input.monthly_limit_points ?? null,
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await ctx.db.insertInto('rewards_partners').values(row).execute();
    await touchProgramRewards(ctx, input.program);
    const out = view(row, 0);
    await ctx.emit('rewards.partner.created', row.id, out);
    return out;
  },
});

export const partnerList = query({
  input: z.strictObject({ program: z.string().min(1) }),
  permission: READ,
  async handler(ctx, input) {
    const rows = await ctx.db.selectFrom('rewards_partners').selectAll().where('program_id', '=', input.program).orderBy('name').execute();
    const data = [];
    for (const row of rows) data.push(view(row, await partnerBalance(ctx, row.id)));
    return { object: 'list' as const, data, has_more: false };
  },
});

export const partnerExchange = command({
  input: z.strictObject({
    cardholder: z.string().min(1),
    program: z.string().min(1).optional(),
    partner: z.string().min(1),
    points: positive('points'),
    /** out: our points go to the partner; in: the partner's points come to us. */
    direction: z.enum(['out', 'in']),
    reference: z.string().trim().min(1).max(100).optional(),
  }),
  permission: COUNTER,
  audit: true,
  async handler(ctx, input) {
    const partner = await ctx.db.selectFrom('rewards_partners').selectAll().where('id', '=', input.partner).executeTakeFirst();
    if (!partner) throw notFound('partner', input.partner, 'partner');
    const programId = await resolveProgram(ctx.db, input.cardholder, input.program ?? partner.program_id);
    if (partner.program_id !== programId) throw invalid('parameter_invalid', `Partner ${partner.id} belongs to another program.`, 'partner');
    if (partner.status !== 'active') throw invalid('partner_inactive', `Partner ${partner.name} is not active.`, 'partner');
    const directions = JSON.parse(partner.directions) as string[];
    if (!directions.includes(input.direction)) throw invalid('direction_not_allowed', `Exchanges ${input.direction === 'out' ? 'to' : 'from'} ${partner.name} are not allowed.`, 'direction');
    if (input.points % partner.rate_points !== 0) {
      throw invalid('parameter_invalid', `points must be a multiple of ${partner.rate_points} (${partner.rate_points} points = ${partner.rate_partner_points} ${partner.name} points).`, 'points');
    }
    if (input.points < partner.min_points) throw invalid('partner_limit_exceeded', `The smallest exchange with ${partner.name} is ${partner.min_points} points.`, 'points');
    if (partner.max_points_per_exchange !== null && input.points > partner.max_points_per_exchange) {
      throw invalid('partner_limit_exceeded', `The largest exchange with ${partner.name} is ${partner.max_points_per_exchange} points.`, 'points');
    }
    const config = await programRewardsOrDefaults(ctx, programId);
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const { member } = await ensureMember(ctx, config, input.cardholder, { at: nowIso });
    if (partner.monthly_limit_points !== null) {
      const used = await ctx.db
        .selectFrom('rewards_partner_exchanges')
        .select(sql<number>`coalesce(sum(points), 0)`.as('n'))
        .where('member_id', '=', member.id)
        .where('partner_id', '=', partner.id)
        .where('created_at', '>=', new Date(startOfLocalMonth(now.getTime(), config.timezone)).toISOString())
        .executeTakeFirstOrThrow();
      if (Number(used.n) + input.points > partner.monthly_limit_points) {
        throw invalid('partner_limit_exceeded', `This member has exchanged ${used.n} of ${partner.monthly_limit_points} points with ${partner.name} this month.`, 'points');
      }
    }
    const id = ctx.ids.next('pxc');
    const partnerPoints = (input.points / partner.rate_points) * partner.rate_partner_points;
    const common = { at: nowIso, sourceType: 'partner_exchange', sourceId: id, actor: actorLabel(ctx.actor), reason: input.reference ?? null, details: { partner: partner.id, partner_points: partnerPoints } };
    let memberEntry: string;
    if (input.direction === 'out') {
      const available = await availablePoints(ctx.db, member.id, nowIso);
      if (available - member.owed_points < input.points) {
        throw invalid('insufficient_points', `This member has ${Math.max(0, available - member.owed_points)} points available; the exchange needs ${input.points}.`, 'points');
      }
      memberEntry = (await debitPoints(ctx, member, { ...common, kind: 'partner_out', mode: 'spend', points: input.points })).entryId!;
    } else {
      memberEntry = (await creditPoints(ctx, member, {
        ...common, kind: 'partner_in', points: input.points, earnedAt: nowIso, availableAt: nowIso,
        expiresAt: expiryFor(now.getTime(), config.settings.expiry, config.timezone),
      })).entryId;
    }
    const partnerEntry = await insertEntry(ctx, {
      ...common,
      programId,
      accountId: partner.id,
      cardholderId: member.cardholder_id,
      kind: 'partner_account',
      points: input.direction === 'out' ? input.points : -input.points,
      details: { ...common.details, member: member.id },
    });
    const row = {
      id, partner_id: partner.id, program_id: programId, member_id: member.id, cardholder_id: member.cardholder_id, direction: input.direction,
      points: input.points, partner_points: partnerPoints, member_entry_id: memberEntry, partner_entry_id: partnerEntry,
      reference: input.reference ?? null, actor: actorLabel(ctx.actor), created_at: nowIso,
    };
    await ctx.db.insertInto('rewards_partner_exchanges').values(row).execute();
    const out = {
      id, object: 'partner_exchange' as const, partner: partner.id, program: programId, cardholder: member.cardholder_id, member: member.id,
      direction: input.direction, points: input.points, partner_points: partnerPoints, reference: row.reference, created: created(nowIso),
    };
    await ctx.emit('rewards.partner.exchanged', id, out);
    return out;
  },
});

export const partnerExchangeList = query({
  input: z.strictObject({ ...listParams, partner: z.string().min(1).optional(), cardholder: z.string().min(1).optional() }),
  permission: READ,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('rewards_partner_exchanges').selectAll();
    if (input.partner) q = q.where('partner_id', '=', input.partner);
    if (input.cardholder) q = q.where('cardholder_id', '=', input.cardholder);
    return pageById(q, 'id', input, (r) => ({
      id: r.id, object: 'partner_exchange' as const, partner: r.partner_id, program: r.program_id, cardholder: r.cardholder_id, member: r.member_id,
      direction: r.direction, points: r.points, partner_points: r.partner_points, reference: r.reference, created: created(r.created_at),
    }));
  },
});

/** The exchanges of a period (local dates, inclusive) as CSV, for settlement with the partner. */
export const partnerExchangeExport = query({
  input: z.strictObject({ program: z.string().min(1), partner: z.string().min(1).optional(), from: localDateSchema, to: localDateSchema }),
  permission: READ,
  async handler(ctx, input) {
    const program = await assertProgramExists(ctx.db, input.program);
    if (input.to < input.from) throw invalid('invalid_date_range', `to (${input.to}) is before from (${input.from}).`, 'to');
    const fromIso = new Date(startOfLocalDate(input.from, program.timezone)).toISOString();
    const toIso = new Date(startOfLocalDate(addDaysToDate(input.to, 1), program.timezone)).toISOString();
    let q = ctx.db
      .selectFrom('rewards_partner_exchanges as x')
      .innerJoin('rewards_partners as p', 'p.id', 'x.partner_id')
      .select(['x.id', 'x.created_at', 'p.code', 'p.name', 'x.cardholder_id', 'x.member_id', 'x.direction', 'x.points', 'x.partner_points', 'p.rate_points', 'p.rate_partner_points', 'x.reference'])
      .where('x.program_id', '=', input.program)
      .where('x.created_at', '>=', fromIso)
      .where('x.created_at', '<', toIso);
    if (input.partner) q = q.where('x.partner_id', '=', input.partner);
    const rows = await q.orderBy('x.created_at').orderBy('x.id').execute();
    const content = Papa.unparse({
      fields: ['exchange_id', 'created_at', 'partner_code', 'partner_name', 'cardholder_id', 'member_id', 'direction', 'points', 'partner_points', 'rate', 'reference'],
      data: rows.map((r) => [r.id, r.created_at, r.code, r.name, r.cardholder_id, r.member_id, r.direction, r.points, r.partner_points, `${r.rate_points}:${r.rate_partner_points}`, r.reference ?? '']),
    }, { escapeFormulae: true });
    return {
      object: 'export' as const,
      filename: `partner-exchanges-${input.from}-to-${input.to}.csv`,
      content_type: 'text/csv',
      rows: rows.length,
      content: `${content}\r\n`,
    };
  },
});

export const partnerHandlers = {
  'partner-create': partnerCreate,
  'partner-list': partnerList,
  'partner-exchange': partnerExchange,
  'partner-exchange-list': partnerExchangeList,
  'partner-exchange-export': partnerExchangeExport,
};
