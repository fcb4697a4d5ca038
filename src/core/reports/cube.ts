import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { planRange } from './range-plan.js';
import type { Scope } from './scope.js';

/**
 * Reads a rollup over a range of local days: picks the coarsest buckets that fit (years, months,
 * days; a card's own history from the facts), runs one grouped query per run of buckets, and
 * sums the partial groups. Every report is a call of `cube` with the dimensions it groups by and
 * the measures it sums; so the same report reads the rollups or, filtered to one card, the facts.
 */
export type Family = 'spend' | 'heat' | 'card';

interface Segment {
  table: 'report_spend_cells' | 'report_heat_cells' | 'report_card_cells' | 'report_facts';
  grain: 'D' | 'M' | 'Y' | null;
  from: string;
  to: string;
}

/** What a group key is made of; `period` is the bucket at the asked granularity. */
export type Dim = 'period' | 'place' | 'merchant_key' | 'mcc' | 'tier' | 'is_foreign' | 'approved' | 'decline_reason' | 'stand_in' | 'risk_flag' | 'weekday' | 'hour' | 'card_id' | 'cardholder_id';
export type Period = 'day' | 'month' | 'year' | 'all';

const TABLES: Record<Family, Segment['table']> = { spend: 'report_spend_cells', heat: 'report_heat_cells', card: 'report_card_cells' };

function groupRuns(buckets: string[], next: (b: string) => string): Array<[string, string]> {
  const runs: Array<[string, string]> = [];
  for (const b of buckets) {
    const last = runs[runs.length - 1];
    if (last && next(last[1]) === b) last[1] = b;
    else runs.push([b, b]);
  }
  return runs;
}

const nextMonth = (m: string): string => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(mo + 1).padStart(2, '0')}`;
};
const nextYear = (y: string): string => String(Number(y) + 1).padStart(4, '0');

export function segmentsFor(scope: Scope, family: Family, period: Period): Segment[] {
  if (scope.card) return [{ table: 'report_facts', grain: null, from: scope.from, to: scope.to }];
  const byDay = period === 'day';
  const plan = planRange(scope.from, scope.to, { years: family === 'card' && (period === 'year' || period === 'all'), months: !byDay });
  const out: Segment[] = [];
  for (const [from, to] of groupRuns(plan.years, nextYear)) out.push({ table: TABLES[family], grain: 'Y', from, to });
  for (const [from, to] of groupRuns(plan.months, nextMonth)) out.push({ table: TABLES[family], grain: 'M', from, to });
  // The card rollup has no days: a card's days are its facts.
  for (const [from, to] of plan.days) out.push(family === 'card' ? { table: 'report_facts', grain: null, from, to } : { table: TABLES[family], grain: 'D', from, to });
  return out;
}

function periodExpr(segment: Segment, period: Period): RawBuilder<string> {
  const col = segment.table === 'report_facts' ? 'day' : 'bucket';
  if (period === 'all') return sql<string>`'all'`;
  const len = period === 'day' ? 10 : period === 'month' ? 7 : 4;
  const natural = segment.grain === 'Y' ? 4 : segment.grain === 'M' ? 7 : 10;
  if (len > natural) throw new Error(`a ${segment.grain} rollup cannot be read by ${period}`);
  return len === natural ? sql.raw<string>(col) : sql.raw<string>(`substr(${col}, 1, ${len})`);
}

export interface CubeQuery {
  family: Family;
  period: Period;
  dims: readonly Dim[];
  measures: readonly string[];
  /** Text columns to carry along (their greatest value), e.g. a merchant's name. */
  labels?: readonly string[];
  /** Extra conditions on dimension columns (fixed, trusted column names only). */
  where?: ReadonlyArray<{ column: Dim; op: '=' | '<>'; value: string | number }>;
}

export type CubeRow = Record<string, string | number>;

export async function cube(db: Db, scope: Scope, q: CubeQuery): Promise<CubeRow[]> {
  if (scope.programs.length === 0) return [];
  const programIds = scope.programs.map((p) => p.id);
  const merged = new Map<string, CubeRow>();
  for (const segment of segmentsFor(scope, q.family, q.period)) {
    const bucketCol = sql.raw(segment.table === 'report_facts' ? 'day' : 'bucket');
    const conditions: RawBuilder<unknown>[] = [];
    if (scope.card) conditions.push(sql`card_id = ${scope.card.id}`);
    else conditions.push(sql`program_id IN (${sql.join(programIds)})`);
    if (segment.grain) conditions.push(sql`grain = ${segment.grain}`);
    conditions.push(sql`${bucketCol} >= ${segment.from}`, sql`${bucketCol} <= ${segment.to}`);
    if (scope.places) conditions.push(sql`place IN (${sql.join(scope.places)})`);
    if (scope.tier) conditions.push(sql`tier = ${scope.tier}`);
    for (const w of q.where ?? []) conditions.push(sql`${sql.raw(w.column)} ${sql.raw(w.op)} ${w.value}`);
    const select: RawBuilder<unknown>[] = [];
    const group: RawBuilder<unknown>[] = [];
    for (const dim of q.dims) {
      const expr = dim === 'period' ? periodExpr(segment, q.period) : sql.raw(dim);
      select.push(sql`${expr} AS ${sql.raw(dim)}`);
      group.push(expr);
    }
    for (const m of q.measures) select.push(sql`sum(${sql.raw(m)}) AS ${sql.raw(m)}`);
    for (const l of q.labels ?? []) select.push(sql`max(${sql.raw(l)}) AS ${sql.raw(l)}`);
    const query = sql<CubeRow>`SELECT ${sql.join(select)} FROM ${sql.table(segment.table)} WHERE ${sql.join(conditions, sql` AND `)}${
      group.length > 0 ? sql` GROUP BY ${sql.join(group)}` : sql``
    }`;
    const rows = (await query.execute(db)).rows;
    for (const row of rows) {
      const key = q.dims.map((d) => String(row[d])).join('\u0001');
      const seen = merged.get(key);
      if (!seen) {
        const copy: CubeRow = {};
        for (const d of q.dims) copy[d] = row[d] as string | number;
        for (const m of q.measures) copy[m] = Number(row[m] ?? 0);
        for (const l of q.labels ?? []) copy[l] = (row[l] as string | null) ?? '';
        merged.set(key, copy);
      } else {
        for (const m of q.measures) seen[m] = (seen[m] as number) + Number(row[m] ?? 0);
        for (const l of q.labels ?? []) if (String(row[l] ?? '') > String(seen[l])) seen[l] = String(row[l]);
      }
    }
  }
  return [...merged.values()];
}
