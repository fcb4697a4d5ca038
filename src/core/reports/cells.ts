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

export interface CellDeltas {
  spend: SpendCell[];
  day: DayCell[];
  heat: HeatCell[];
  card: CardCell[];
}

const SEP = '\u0001';

/**
 * The cells that changes of facts touch, summed as they are added: one object per distinct cell,
 * however many facts fall in it. On the decision path this runs for every decision of a batch,
 * and building each fact's cells first and merging them after made most of the garbage the
 * decision path left behind.
 */
export class CellChanges {
  private readonly spendCells = new Map<string, SpendCell>();
  private readonly dayCells = new Map<string, DayCell>();
  private readonly heatCells = new Map<string, HeatCell>();
  private readonly cardCells = new Map<string, CardCell>();

  /** A change of fact: taken out of the cells it was in, put into those it is in now. */
  change(before: ReportFactsTable | undefined, after: ReportFactsTable | undefined): this {
    if (before) this.add(before, -1);
    if (after) this.add(after, 1);
    return this;
  }

  private add(f: ReportFactsTable, sign: 1 | -1): void {
    const month = f.day.slice(0, 7);
    const outcome = `${f.is_foreign}${SEP}${f.approved}${SEP}${f.decline_reason}${SEP}${f.stand_in}${SEP}${f.risk_flag}`;
    const spendKey = `${f.place}${SEP}${f.merchant_key}${SEP}${f.mcc}${SEP}${f.tier}${SEP}${outcome}`;
    for (const [grain, bucket] of [['D', f.day], ['M', month]] as const) {
      const head = `${f.program_id}${SEP}${grain}${SEP}${bucket}${SEP}`;
      addMeasures(this.spendCells, head + spendKey, SPEND_MEASURES, f, sign, () => ({
        program_id: f.program_id, grain, bucket, place: f.place, merchant_key: f.merchant_key, mcc: f.mcc, tier: f.tier, is_foreign: f.is_foreign,
        approved: f.approved, decline_reason: f.decline_reason, stand_in: f.stand_in, risk_flag: f.risk_flag, merchant_name: f.merchant_name, ...zero(SPEND_MEASURES),
      }));
      addMeasures(this.dayCells, head + outcome, SPEND_MEASURES, f, sign, () => ({
        program_id: f.program_id, grain, bucket, is_foreign: f.is_foreign, approved: f.approved, decline_reason: f.decline_reason, stand_in: f.stand_in,
        risk_flag: f.risk_flag, ...zero(SPEND_MEASURES),
      }));
    }
    // A decision not yet captured spends nothing: the heat and card rollups count purchases only.
    if (f.purchases === 0 && f.gross_minor === 0 && f.refunds_minor === 0) return;
    for (const place of [f.place, ALL]) {
      for (const [grain, bucket] of [['D', f.day], ['M', month]] as const) {
        const key = `${f.program_id}${SEP}${grain}${SEP}${bucket}${SEP}${place}${SEP}${f.tier}${SEP}${f.weekday}${SEP}${f.hour}`;
        addMeasures(this.heatCells, key, MONEY, f, sign, () => ({ program_id: f.program_id, grain, bucket, place, tier: f.tier, weekday: f.weekday, hour: f.hour, ...zero(MONEY) }));
      }
    }
    const buckets = [['W', weekBucket(f.day)], ['M', month], ['Q', quarterBucket(f.day)], ['Y', f.day.slice(0, 4)]] as const;
    // The branch's cell, the card's category over every branch, the card's total.
    for (const [place, mcc] of [[f.place, f.mcc], [ALL, f.mcc], [ALL, ALL]] as const) {
      for (const [grain, bucket] of buckets) {
        const key = `${f.program_id}${SEP}${grain}${SEP}${bucket}${SEP}${place}${SEP}${mcc}${SEP}${f.card_id}${SEP}${f.tier}`;
        addMeasures(this.cardCells, key, MONEY, f, sign, () => ({
          program_id: f.program_id, grain, bucket, place, mcc, card_id: f.card_id, tier: f.tier, cardholder_id: f.cardholder_id, ...zero(MONEY),
        }));
      }
    }
  }

  /** The summed changes, without cells whose every measure came to zero (nothing to write). */
  deltas(): CellDeltas {
    return {
      spend: nonZero(this.spendCells, SPEND_MEASURES),
      day: nonZero(this.dayCells, SPEND_MEASURES),
      heat: nonZero(this.heatCells, MONEY),
      card: nonZero(this.cardCells, MONEY),
    };
  }
}

type Measures<M extends string> = Record<M, number>;

function zero<M extends string>(measures: readonly M[]): Measures<M> {
  const out = {} as Measures<M>;
  for (const m of measures) out[m] = 0;
  return out;
}

function addMeasures<M extends string, T extends Measures<M>>(cells: Map<string, T>, key: string, measures: readonly M[], f: Measures<M>, sign: 1 | -1, make: () => T): void {
  let cell = cells.get(key);
  if (cell === undefined) {
    cell = make();
    cells.set(key, cell);
  }
  for (let i = 0; i < measures.length; i++) {
    const m = measures[i]!;
    (cell[m] as number) += sign * f[m];
  }
}

function nonZero<M extends string, T extends Measures<M>>(cells: Map<string, T>, measures: readonly M[]): T[] {
  const out: T[] = [];
  for (const cell of cells.values()) if (measures.some((m) => cell[m] !== 0)) out.push(cell);
  return out;
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
