import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { PreparedInsert } from '../ledger/prepared.js';
import { quarterBucket, weekBucket } from './buckets.js';
import { ALL } from './place.js';
import {
  SPEND_MEASURES, type ReportCardCellsTable, type ReportDayCellsTable, type ReportFactsTable, type ReportHeatCellsTable, type ReportSpendCellsTable,
} from './report-tables.js';

/**
 * How a fact adds to the rollups, and the write that applies a change of fact as deltas. A fact
 * that changes (a capture, a refund, a fee) is taken out of the cells it was in and put into the
 * cells it is now in; when its dimensions did not change the two meet in one upsert per cell.
 */
type SpendCell = ReportSpendCellsTable;
type DayCell = ReportDayCellsTable;
type HeatCell = ReportHeatCellsTable;
type CardCell = ReportCardCellsTable;

export const SPEND_KEY = ['program_id', 'grain', 'bucket', 'place', 'merchant_key', 'mcc', 'tier', 'is_foreign', 'approved', 'decline_reason', 'stand_in', 'risk_flag'] as const;
export const DAY_KEY = ['program_id', 'grain', 'bucket', 'is_foreign', 'approved', 'decline_reason', 'stand_in', 'risk_flag'] as const;
export const HEAT_KEY = ['program_id', 'grain', 'bucket', 'place', 'tier', 'weekday', 'hour'] as const;
export const CARD_KEY = ['program_id', 'grain', 'bucket', 'place', 'mcc', 'card_id', 'tier'] as const;
const MONEY = ['purchases', 'gross_minor', 'refunds_minor'] as const;

function measuresOf(f: ReportFactsTable, sign: 1 | -1): Record<(typeof SPEND_MEASURES)[number], number> {
  const m = {} as Record<(typeof SPEND_MEASURES)[number], number>;
  for (const k of SPEND_MEASURES) m[k] = sign * f[k];
  return m;
}

function spendCells(f: ReportFactsTable, sign: 1 | -1): SpendCell[] {
  const base = {
    program_id: f.program_id, place: f.place, merchant_key: f.merchant_key, mcc: f.mcc, tier: f.tier, is_foreign: f.is_foreign,
    approved: f.approved, decline_reason: f.decline_reason, stand_in: f.stand_in, risk_flag: f.risk_flag, merchant_name: f.merchant_name, ...measuresOf(f, sign),
  };
  return [
    { ...base, grain: 'D', bucket: f.day },
    { ...base, grain: 'M', bucket: f.day.slice(0, 7) },
  ];
}

function dayCells(f: ReportFactsTable, sign: 1 | -1): DayCell[] {
  const base = { program_id: f.program_id, is_foreign: f.is_foreign, approved: f.approved, decline_reason: f.decline_reason, stand_in: f.stand_in, risk_flag: f.risk_flag, ...measuresOf(f, sign) };
  return [
    { ...base, grain: 'D', bucket: f.day },
    { ...base, grain: 'M', bucket: f.day.slice(0, 7) },
  ];
}

function spends(f: ReportFactsTable): boolean {
  return f.purchases !== 0 || f.gross_minor !== 0 || f.refunds_minor !== 0;
}

function heatCells(f: ReportFactsTable, sign: 1 | -1): HeatCell[] {
  if (!spends(f)) return [];
  const base = { program_id: f.program_id, tier: f.tier, weekday: f.weekday, hour: f.hour, purchases: sign * f.purchases, gross_minor: sign * f.gross_minor, refunds_minor: sign * f.refunds_minor };
  const out: HeatCell[] = [];
  for (const place of [f.place, ALL]) {
    out.push({ ...base, place, grain: 'D', bucket: f.day }, { ...base, place, grain: 'M', bucket: f.day.slice(0, 7) });
  }
  return out;
}

function cardCells(f: ReportFactsTable, sign: 1 | -1): CardCell[] {
  if (!spends(f)) return [];
  const base = { program_id: f.program_id, card_id: f.card_id, tier: f.tier, cardholder_id: f.cardholder_id, purchases: sign * f.purchases, gross_minor: sign * f.gross_minor, refunds_minor: sign * f.refunds_minor };
  const buckets: Array<[string, string]> = [['W', weekBucket(f.day)], ['M', f.day.slice(0, 7)], ['Q', quarterBucket(f.day)], ['Y', f.day.slice(0, 4)]];
  const out: CardCell[] = [];
  // The branch's cell, the card's category over every branch, the card's total.
  for (const [place, mcc] of [[f.place, f.mcc], [ALL, f.mcc], [ALL, ALL]] as const) {
    for (const [grain, bucket] of buckets) out.push({ ...base, place, mcc, grain, bucket });
  }
  return out;
}

/** Sums cells with the same key; drops those whose every measure is zero (nothing to write). */
function merge<T extends object>(cells: T[], key: readonly (keyof T)[], measures: readonly (keyof T)[]): T[] {
  const out = new Map<string, T>();
  for (const cell of cells) {
    // Concatenated in a loop: on the decision path this runs for every cell of every decision,
    // and building an array of strings to join cost more than the rest of the merge.
    let k = '';
    for (let i = 0; i < key.length; i++) k += `${String(cell[key[i]!])}\u0001`;
    const seen = out.get(k);
    if (!seen) out.set(k, { ...cell });
    else for (const m of measures) (seen[m] as number) += cell[m] as number;
  }
  return [...out.values()].filter((c) => measures.some((m) => (c[m] as number) !== 0));
}

export interface CellDeltas {
  spend: SpendCell[];
  day: DayCell[];
  heat: HeatCell[];
  card: CardCell[];
}

/** The cells a change of fact touches, not yet merged (mergeDeltas merges many at once). */
export function cellsOf(before: ReportFactsTable | undefined, after: ReportFactsTable | undefined): CellDeltas {
  const out: CellDeltas = { spend: [], day: [], heat: [], card: [] };
  for (const [f, sign] of [[before, -1], [after, 1]] as const) {
    if (!f) continue;
    out.spend.push(...spendCells(f, sign));
    out.day.push(...dayCells(f, sign));
    out.heat.push(...heatCells(f, sign));
    out.card.push(...cardCells(f, sign));
  }
  return out;
}

/** Many changes' deltas as one set (one upsert per cell). */
export function mergeDeltas(list: readonly CellDeltas[]): CellDeltas {
  return {
    spend: merge(list.flatMap((d) => d.spend), SPEND_KEY, SPEND_MEASURES),
    day: merge(list.flatMap((d) => d.day), DAY_KEY, SPEND_MEASURES),
    heat: merge(list.flatMap((d) => d.heat), HEAT_KEY, MONEY),
    card: merge(list.flatMap((d) => d.card), CARD_KEY, MONEY),
  };
}

/** `table.m = table.m + excluded.m` for every measure: portable ON CONFLICT ... DO UPDATE. */
function adding(table: string, measures: readonly string[], labels: readonly string[] = []) {
  return (oc: any) =>
    oc.columns(
      table === 'report_spend_cells' ? [...SPEND_KEY] : table === 'report_day_cells' ? [...DAY_KEY] : table === 'report_heat_cells' ? [...HEAT_KEY] : [...CARD_KEY],
    ).doUpdateSet(() => {
      const set: Record<string, unknown> = {};
      for (const m of measures) set[m] = sql`${sql.ref(`${table}.${m}`)} + ${sql.ref(`excluded.${m}`)}`;
      for (const l of labels) set[l] = sql.ref(`excluded.${l}`);
      return set;
    });
}

// Prepared once: building and compiling a query costs more than SQLite takes to run it.
const upsertSpend = new PreparedInsert<SpendCell & Record<string, unknown>>('report_spend_cells', [...SPEND_KEY, 'merchant_name', ...SPEND_MEASURES], adding('report_spend_cells', SPEND_MEASURES, ['merchant_name']));
const upsertDay = new PreparedInsert<DayCell & Record<string, unknown>>('report_day_cells', [...DAY_KEY, ...SPEND_MEASURES], adding('report_day_cells', SPEND_MEASURES));
const upsertHeat = new PreparedInsert<HeatCell & Record<string, unknown>>('report_heat_cells', [...HEAT_KEY, ...MONEY], adding('report_heat_cells', MONEY));
const upsertCard = new PreparedInsert<CardCell & Record<string, unknown>>('report_card_cells', [...CARD_KEY, 'cardholder_id', ...MONEY], adding('report_card_cells', MONEY));

/** Adds the deltas, creating cells that do not exist yet. */
export async function applyDeltas(db: Db, deltas: CellDeltas): Promise<void> {
  for (const c of deltas.spend) await upsertSpend.execute(db, c as SpendCell & Record<string, unknown>);
  for (const c of deltas.day) await upsertDay.execute(db, c as DayCell & Record<string, unknown>);
  for (const c of deltas.heat) await upsertHeat.execute(db, c as HeatCell & Record<string, unknown>);
  for (const c of deltas.card) await upsertCard.execute(db, c as CardCell & Record<string, unknown>);
}
