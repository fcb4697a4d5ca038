import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import type { Db } from '../db/database.js';
import { toJson } from '../db/database.js';
import type { RewardsLotsTable, RewardsMembersTable, RewardsPointsEntriesTable } from './rewards-tables.js';
import { PreparedInsert } from '../ledger/prepared.js';
import { recordPointsForReports } from '../reports/points-record.js';

// Every purchase writes an entry and a lot: statements built and compiled once.
const insertEntryRow = new PreparedInsert<RewardsPointsEntriesTable & Record<string, unknown>>('rewards_points_entries', [
  'id', 'program_id', 'account_id', 'cardholder_id', 'kind', 'points', 'qualifying_at', 'authorization_id', 'source_type', 'source_id',
  'dedupe_key', 'reason', 'actor', 'details', 'created_at',
]);
const insertLotRow = new PreparedInsert<RewardsLotsTable & Record<string, unknown>>('rewards_lots', [
  'id', 'member_id', 'entry_id', 'authorization_id', 'points', 'remaining', 'earned_at', 'available_at', 'expires_at', 'warned_at', 'created_at',
]);

/**
 * The points ledger. Entries are append-only and signed; every positive entry opens a lot (after
 * paying back points the member owes), every negative entry is linked to the lots it took from
 * (rewards_lot_allocations, also append-only). A lot's `remaining` is kept equal to its points
 * minus its allocations, so that:
 *
 *   sum(entries of a member) == sum(remaining of its lots) - owed_points
 *
 * Spends take available lots, soonest-expiring first. Reversals take the lot the purchase opened
 * first, then others (pending ones too); what is not there becomes owed when the program allows a
 * negative balance, and is written off otherwise (recorded in the entry's details).
 */
export type EntryKind =
  | 'earn' | 'bonus' | 'reverse' | 'spend' | 'restore' | 'expire' | 'adjust' | 'partner_out' | 'partner_in' | 'partner_account';

export interface EntryInput {
  programId: string;
  accountId: string;
  cardholderId: string | null;
  kind: EntryKind;
  points: number;
  at: string;
  qualifyingAt?: string | null;
  authorizationId?: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
  dedupeKey?: string | null;
  reason?: string | null;
  actor?: string | null;
  details?: Record<string, unknown>;
}

export async function insertEntry(ctx: Pick<Ctx, 'db' | 'ids'>, input: EntryInput): Promise<string> {
  const id = ctx.ids.next('pts');
  await insertEntryRow.execute(ctx.db, {
      id,
      program_id: input.programId,
      account_id: input.accountId,
      cardholder_id: input.cardholderId,
      kind: input.kind,
      points: input.points,
      qualifying_at: input.qualifyingAt ?? null,
      authorization_id: input.authorizationId ?? null,
      source_type: input.sourceType ?? null,
      source_id: input.sourceId ?? null,
      dedupe_key: input.dedupeKey ?? null,
      reason: input.reason ?? null,
      actor: input.actor ?? null,
      details: toJson(input.details ?? {}),
      created_at: input.at,
    });
  await recordPointsForReports(ctx.db, { program_id: input.programId, account_id: input.accountId, kind: input.kind, points: input.points, created_at: input.at });
  return id;
}

type Member = Pick<RewardsMembersTable, 'id' | 'program_id' | 'cardholder_id' | 'owed_points'>;

export interface CreditInput extends Omit<EntryInput, 'programId' | 'accountId' | 'cardholderId' | 'points'> {
  points: number;
  earnedAt: string;
  availableAt: string;
  expiresAt: string;
  /** Give points back to these lots first (a canceled redemption), while they have not expired. */
  refill?: ReadonlyArray<{ lotId: string; points: number }>;
}

export interface CreditResult {
  entryId: string;
  lotId: string | null;
  repaid: number;
}

/** Adds points: pays back what is owed, refills lots when asked, opens a new lot for the rest. */
export async function creditPoints(ctx: Pick<Ctx, 'db' | 'ids'>, member: Member, input: CreditInput): Promise<CreditResult> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new RangeError(`credit of ${input.points} points`);
  // Every field named, in one order (not a spread of the credit): one shape for insertEntry to read,
  // on the purchase path's every earn.
  const entryId = await insertEntry(ctx, {
    programId: member.program_id,
    accountId: member.id,
    cardholderId: member.cardholder_id,
    kind: input.kind,
    points: input.points,
    at: input.at,
    qualifyingAt: input.qualifyingAt ?? null,
    authorizationId: input.authorizationId ?? null,
    sourceType: input.sourceType ?? null,
    sourceId: input.sourceId ?? null,
    dedupeKey: input.dedupeKey ?? null,
    reason: input.reason ?? null,
    actor: input.actor ?? null,
    details: input.details ?? {},
  });
  let rest = input.points;
  const repaid = Math.min(member.owed_points, rest);
  if (repaid > 0) {
    member.owed_points -= repaid;
    await ctx.db.updateTable('rewards_members').set({ owed_points: member.owed_points }).where('id', '=', member.id).execute();
    rest -= repaid;
  }
  for (const refill of input.refill ?? []) {
    if (rest === 0) break;
    const lot = await ctx.db.selectFrom('rewards_lots').select(['points', 'remaining', 'expires_at']).where('id', '=', refill.lotId).executeTakeFirst();
    if (!lot || lot.expires_at <= input.at) continue;
    const give = Math.min(rest, refill.points, lot.points - lot.remaining);
    if (give <= 0) continue;
    await allocate(ctx.db, entryId, refill.lotId, -give, input.at);
    rest -= give;
  }
  let lotId: string | null = null;
  if (rest > 0 || repaid > 0) {
    // The lot records the whole credit; the part that paid a debt is allocated away at once.
    const lotPoints = rest + repaid;
    lotId = ctx.ids.next('lot');
    await insertLotRow.execute(ctx.db, {
        id: lotId,
        member_id: member.id,
        entry_id: entryId,
        authorization_id: input.authorizationId ?? null,
        points: lotPoints,
        remaining: rest,
        earned_at: input.earnedAt,
        available_at: input.availableAt,
        expires_at: input.expiresAt,
        warned_at: null,
        created_at: input.at,
      });
    if (repaid > 0) await ctx.db.insertInto('rewards_lot_allocations').values({ entry_id: entryId, lot_id: lotId, points: repaid, created_at: input.at }).execute();
  }
  return { entryId, lotId, repaid };
}

/** Moves `points` out of (positive) or back into (negative) a lot, keeping `remaining` in step. */
async function allocate(db: Db, entryId: string, lotId: string, points: number, at: string): Promise<void> {
  await db.insertInto('rewards_lot_allocations').values({ entry_id: entryId, lot_id: lotId, points, created_at: at }).execute();
  await db.updateTable('rewards_lots').set({ remaining: sql<number>`remaining - ${points}` }).where('id', '=', lotId).execute();
}

export interface DebitInput extends Omit<EntryInput, 'programId' | 'accountId' | 'cardholderId' | 'points'> {
  points: number;
  /** spend: available lots only; take_back: any live lot, the purchase's own lot first; expire: the named lots, however old. */
  mode: 'spend' | 'take_back' | 'expire';
  /** take_back: what is not there becomes owed (true) or is written off (false). */
  allowOwed?: boolean;
  /** Only these lots (expiry). */
  onlyLots?: readonly string[];
}

export interface DebitResult {
  entryId: string | null;
  taken: number;
  owed: number;
  writtenOff: number;
  allocations: Array<{ lotId: string; points: number }>;
}

/**
 * Takes points. A spend must have been checked against the available balance first (it throws
 * otherwise: a programming error, never a business answer).
 */
export async function debitPoints(ctx: Pick<Ctx, 'db' | 'ids'>, member: Member, input: DebitInput): Promise<DebitResult> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new RangeError(`debit of ${input.points} points`);
  let q = ctx.db
    .selectFrom('rewards_lots')
    .select(['id', 'remaining', 'authorization_id'])
    .where('member_id', '=', member.id)
    .where('remaining', '>', 0);
  if (input.mode !== 'expire') q = q.where('expires_at', '>', input.at);
  if (input.onlyLots) q = q.where('id', 'in', input.onlyLots.length > 0 ? [...input.onlyLots] : ['']);
  if (input.mode === 'spend') q = q.where('available_at', '<=', input.at);
  const lots = await q.orderBy('expires_at').orderBy('id').execute();
  if (input.mode === 'take_back' && input.authorizationId) {
    // The purchase's own points go first: they are the ones being returned.
    lots.sort((a, b) => Number(b.authorization_id === input.authorizationId) - Number(a.authorization_id === input.authorizationId));
  }
  const plan: Array<{ lotId: string; points: number }> = [];
  let rest = input.points;
  for (const lot of lots) {
    if (rest === 0) break;
    const take = Math.min(rest, lot.remaining);
    plan.push({ lotId: lot.id, points: take });
    rest -= take;
  }
  if (rest > 0 && input.mode !== 'take_back') throw new Error(`spend of ${input.points} points exceeds the available lots`);
  const owed = rest > 0 && input.allowOwed ? rest : 0;
  const writtenOff = rest - owed;
  const taken = input.points - rest;
  const total = taken + owed;
  if (total === 0) return { entryId: null, taken: 0, owed: 0, writtenOff, allocations: [] };
  const details = { ...(input.details ?? {}), ...(owed ? { owed } : {}), ...(writtenOff ? { written_off: writtenOff } : {}) };
  const entryId = await insertEntry(ctx, {
    ...input,
    details,
    programId: member.program_id,
    accountId: member.id,
    cardholderId: member.cardholder_id,
    points: -total,
  });
  for (const step of plan) await allocate(ctx.db, entryId, step.lotId, step.points, input.at);
  if (owed > 0) {
    member.owed_points += owed;
    await ctx.db.updateTable('rewards_members').set({ owed_points: member.owed_points }).where('id', '=', member.id).execute();
  }
  return { entryId, taken, owed, writtenOff, allocations: plan };
}

export interface PointsBalance {
  /** available - owed: negative only when the program allows it. */
  points: number;
  available: number;
  pending: number;
  owed: number;
  /** The next lot(s) to expire. */
  next_expiry: { points: number; at: string } | null;
}

/** The balance derives from the lots (and the debt), never from a stored total. */
export async function balanceOf(db: Db, memberId: string, owed: number, now: string): Promise<PointsBalance> {
  const rows = await db
    .selectFrom('rewards_lots')
    .select([
      sql<number>`coalesce(sum(case when available_at <= ${now} then remaining else 0 end), 0)`.as('available'),
      sql<number>`coalesce(sum(case when available_at > ${now} then remaining else 0 end), 0)`.as('pending'),
      sql<string | null>`min(expires_at)`.as('next_at'),
    ])
    .where('member_id', '=', memberId)
    .where('remaining', '>', 0)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  let next_expiry: PointsBalance['next_expiry'] = null;
  if (rows.next_at && rows.next_at < '9999') {
    const due = await db
      .selectFrom('rewards_lots')
      .select(sql<number>`coalesce(sum(remaining), 0)`.as('points'))
      .where('member_id', '=', memberId)
      .where('remaining', '>', 0)
      .where('expires_at', '=', rows.next_at)
      .executeTakeFirstOrThrow();
    next_expiry = { points: Number(due.points), at: rows.next_at };
  }
  const available = Number(rows.available);
  return { points: available - owed, available, pending: Number(rows.pending), owed, next_expiry };
}

/** Available points only (what a spend may use). */
export async function availablePoints(db: Db, memberId: string, now: string): Promise<number> {
  const row = await db
    .selectFrom('rewards_lots')
    .select(sql<number>`coalesce(sum(remaining), 0)`.as('n'))
    .where('member_id', '=', memberId)
    .where('remaining', '>', 0)
    .where('available_at', '<=', now)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
