import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { planRange } from './range-plan.js';
import type { Scope } from './scope.js';
import { ALL } from './place.js';

/**
 * Reads a rollup over a range of local days: picks the coarsest buckets that fit (years,
 * quarters, months, weeks, days; a card's own history from the facts), runs one grouped query per
 * grain, and sums the partial groups. Every report is a call of `cube` with the dimensions it
 * groups by and the measures it sums: the same report reads the narrow timeline, the detailed
 * rollups, or (filtered to one card) the facts.
 */
export type Family = 'spend' | 'heat' | 'card';
export type Table = 'report_spend_cells' | 'report_day_cells' | 'report_heat_cells' | 'report_card_cells' | 'report_facts';

interface Segment {
  table: Table;
  grain: 'D' | 'W' | 'M' | 'Q' | 'Y' | null;
  /** Buckets of the grain; for days (and the facts) an inclusive range instead. */
  buckets?: string[];
  from?: string;
  to?: string;
}

/** What a group key is made of; `period` is the bucket at the asked granularity. */
export type Dim = 'period' | 'place' | 'merchant_key' | 'mcc' | 'tier' | 'is_foreign' | 'approved' | 'decline_reason' | 'stand_in' | 'risk_flag' | 'weekday' | 'hour' | 'card_id' | 'cardholder_id';
export type Period = 'day' | 'month' | 'all';

const DAY_DIMS = new Set<Dim>(['period', 'is_foreign', 'approved', 'decline_reason', 'stand_in', 'risk_flag']);

export interface CubeQuery {
  family: Family;
  period: Period;
  dims: readonly Dim[];
  measures: readonly string[];
  /** Text columns to carry along (their greatest value), e.g. a merchant's name. */
  labels?: readonly string[];
}

function tableFor(scope: Scope, q: CubeQuery): Table {
  if (q.family === 'heat') return 'report_heat_cells';
  if (q.family === 'card') return 'report_card_cells';
  // No branch or tier filter and only outcome dimensions: the narrow timeline has the answer.
  const narrow = !scope.places && !scope.tier && !(q.labels?.length) && q.dims.every((d) => DAY_DIMS.has(d));
  return narrow ? 'report_day_cells' : 'report_spend_cells';
}

export function segmentsFor(scope: Scope, q: CubeQuery): Segment[] {
  if (scope.card) return [{ table: 'report_facts', grain: null, from: scope.from, to: scope.to }];
  const table = tableFor(scope, q);
  const card = q.family === 'card';
  if (card && q.period !== 'all') throw new Error('the card rollup is read over the whole range only');
  // Nothing was bought after the range's last day (it ends today, say): the range may run to the
  // end of that year, so that the buckets holding its last days are read whole (this year, this
  // quarter, this month: a row per card instead of weeks and each day's facts). Not when grouped
  // by day: those are read day by day.
  const open = q.period !== 'day' && (scope.factsEnd ?? '') <= scope.to;
  const plan = planRange(scope.from, open ? `${scope.to.slice(0, 4)}-12-31` : scope.to, { years: card, quarters: card, months: q.period !== 'day', weeks: card });
  const out: Segment[] = [];
  if (plan.years.length) out.push({ table, grain: 'Y', buckets: plan.years });
  if (plan.quarters.length) out.push({ table, grain: 'Q', buckets: plan.quarters });
  if (plan.months.length) out.push({ table, grain: 'M', buckets: plan.months });
  if (plan.weeks.length) out.push({ table, grain: 'W', buckets: plan.weeks });
  // The card rollup has no days: a card's days are its facts.
  for (const [from, to] of plan.days) out.push(card ? { table: 'report_facts', grain: null, from, to } : { table, grain: 'D', from, to });
  return out;
}

function periodExpr(segment: Segment, period: Period): RawBuilder<string> {
  const col = segment.table === 'report_facts' ? 'day' : 'bucket';
  if (period === 'all') return sql<string>`'all'`;
  const len = period === 'day' ? 10 : 7;
  const natural = segment.grain === 'M' ? 7 : 10;
  if (len > natural || segment.grain === 'W' || segment.grain === 'Q' || segment.grain === 'Y') throw new Error(`a ${segment.grain} rollup cannot be read by ${period}`);
  return len === natural ? sql.raw<string>(col) : sql.raw<string>(`substr(${col}, 1, ${len})`);
}

/**
 * Which cells of the branch dimension a segment reads. With a branch filter: that branch's cells
 * (no real place is ALL, see place.ts). Without one, the heat rollup holds every fact twice, in its
 * branch's cell and in the total (place ALL), and the card rollup three times: its branch and
 * category's cell, its category over every branch (place ALL, mcc the category) and the card's
 * total (place and mcc ALL). Exactly one level must be read: the coarsest that still has the
 * dimensions grouped by. The facts, the spend cells and the timeline hold each fact once.
 */
export function placeCondition(table: Table, scope: Scope, q: Pick<CubeQuery, 'dims'>): RawBuilder<unknown> | null {
  if (scope.places) return sql`place IN (${sql.join(scope.places)})`;
  if (table === 'report_heat_cells') return q.dims.includes('place') ? sql`place <> ${ALL}` : sql`place = ${ALL}`;
  if (table === 'report_card_cells') {
    if (q.dims.includes('place')) return sql`place <> ${ALL}`;
    return q.dims.includes('mcc') ? sql`place = ${ALL} AND mcc <> ${ALL}` : sql`place = ${ALL} AND mcc = ${ALL}`;
  }
  return null;
}

export type CubeRow = Record<string, string | number>;

/**
 * The grouped query of a cube, as SQL: every segment's rows (one range read each) as one UNION ALL,
 * summed per group by the database. Callers that only need a part of the groups (the top 50
 * cards, a histogram of visits) wrap it, so the groups never travel to JavaScript one by one.
 * null when there is no program (nothing to read).
 */
export function cubeSql(scope: Scope, q: CubeQuery): RawBuilder<CubeRow> | null {
  if (scope.programs.length === 0) return null;
  const programIds = scope.programs.map((p) => p.id);
  const parts: RawBuilder<unknown>[] = [];
  for (const segment of segmentsFor(scope, q)) {
    const bucketCol = sql.raw(segment.table === 'report_facts' ? 'day' : 'bucket');
    const conditions: RawBuilder<unknown>[] = [];
    if (scope.card) conditions.push(sql`card_id = ${scope.card.id}`);
    else conditions.push(programIds.length === 1 ? sql`program_id = ${programIds[0]}` : sql`program_id IN (${sql.join(programIds)})`);
    if (segment.grain) conditions.push(sql`grain = ${segment.grain}`);
    if (segment.buckets) conditions.push(segment.buckets.length === 1 ? sql`${bucketCol} = ${segment.buckets[0]}` : sql`${bucketCol} IN (${sql.join(segment.buckets)})`);
    else conditions.push(sql`${bucketCol} >= ${segment.from}`, sql`${bucketCol} <= ${segment.to}`);
    const place = placeCondition(segment.table, scope, q);
    if (place) conditions.push(place);
    if (scope.tier) conditions.push(sql`tier = ${scope.tier}`);
    const select: RawBuilder<unknown>[] = [];
    for (const dim of q.dims) select.push(sql`${dim === 'period' ? periodExpr(segment, q.period) : sql.raw(dim)} AS ${sql.raw(dim)}`);
    for (const c of [...q.measures, ...(q.labels ?? [])]) select.push(sql.raw(c));
    parts.push(sql`SELECT ${sql.join(select)} FROM ${sql.table(segment.table)} WHERE ${sql.join(conditions, sql` AND `)}`);
  }
  const outer: RawBuilder<unknown>[] = [];
  for (const dim of q.dims) outer.push(sql.raw(dim));
  for (const m of q.measures) outer.push(sql`coalesce(sum(${sql.raw(m)}), 0) AS ${sql.raw(m)}`);
  for (const l of q.labels ?? []) outer.push(sql`coalesce(max(${sql.raw(l)}), '') AS ${sql.raw(l)}`);
  const group = q.dims.length > 0 ? sql` GROUP BY ${sql.join(q.dims.map((d) => sql.raw(d)))}` : sql``;
  return sql<CubeRow>`SELECT ${sql.join(outer)} FROM (${sql.join(parts, sql` UNION ALL `)}) AS cells${group}`;
}

/** The groups of a cube with their sums (measures as numbers). */
export async function cube(db: Db, scope: Scope, q: CubeQuery): Promise<CubeRow[]> {
  const query = cubeSql(scope, q);
  if (!query) return [];
  const rows = (await query.execute(db)).rows;
  for (const row of rows) for (const m of q.measures) row[m] = Number(row[m] ?? 0);
  return rows;
}
