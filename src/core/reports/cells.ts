import type { Db } from '../db/database.js';
import { SPEND_MEASURES, type ReportCardCellsTable, type ReportFactsTable, type ReportHeatCellsTable, type ReportSpendCellsTable } from './report-tables.js';

/**
 * How a fact adds to the rollups, and the write that applies a change of fact as deltas. A fact
 * that changes (a capture, a refund, a fee) is taken out of the cells it was in and put into the
 * cells it is now in; when the dimensions did not change the two meet in one upsert per rollup.
 */
type SpendCell = ReportSpendCellsTable;
type HeatCell = ReportHeatCellsTable;
type CardCell = ReportCardCellsTable;

const SPEND_KEY = ['program_id', 'grain', 'bucket', 'place', 'merchant_key', 'mcc', 'tier', 'is_foreign', 'approved', 'decline_reason', 'stand_in', 'risk_flag'] as const;
const HEAT_KEY = ['program_id', 'grain', 'bucket', 'place', 'tier', 'weekday', 'hour'] as const;
const CARD_KEY = ['program_id', 'grain', 'bucket', 'card_id', 'place', 'tier'] as const;
const HEAT_MEASURES = ['purchases', 'gross_minor', 'refunds_minor'] as const;

function spendCells(f: ReportFactsTable, sign: 1 | -1): SpendCell[] {
  const base = {
    program_id: f.program_id, place: f.place, merchant_key: f.merchant_key, mcc: f.mcc, tier: f.tier, is_foreign: f.is_foreign,
    approved: f.approved, decline_reason: f.decline_reason, stand_in: f.stand_in, risk_flag: f.risk_flag, merchant_name: f.merchant_name,
  };
  const measures = {} as Record<(typeof SPEND_MEASURES)[number], number>;
  for (const m of SPEND_MEASURES) measures[m] = sign * f[m];
  return [
    { ...base, grain: 'D', bucket: f.day, ...measures },
    { ...base, grain: 'M', bucket: f.day.slice(0, 7), ...measures },
  ];
}

function spends(f: ReportFactsTable): boolean {
  return f.purchases !== 0 || f.gross_minor !== 0 || f.refunds_minor !== 0;
}

function heatCells(f: ReportFactsTable, sign: 1 | -1): HeatCell[] {
  if (!spends(f)) return [];
  const base = { program_id: f.program_id, place: f.place, tier: f.tier, weekday: f.weekday, hour: f.hour, purchases: sign * f.purchases, gross_minor: sign * f.gross_minor, refunds_minor: sign * f.refunds_minor };
  return [
    { ...base, grain: 'D', bucket: f.day },
    { ...base, grain: 'M', bucket: f.day.slice(0, 7) },
  ];
}

function cardCells(f: ReportFactsTable, sign: 1 | -1): CardCell[] {
  if (!spends(f)) return [];
  const base = { program_id: f.program_id, card_id: f.card_id, place: f.place, tier: f.tier, cardholder_id: f.cardholder_id, purchases: sign * f.purchases, gross_minor: sign * f.gross_minor, refunds_minor: sign * f.refunds_minor };
  return [
    { ...base, grain: 'M', bucket: f.day.slice(0, 7) },
    { ...base, grain: 'Y', bucket: f.day.slice(0, 4) },
  ];
}

/** Sums cells with the same key; drops those whose every measure is zero (nothing to write). */
function merge<T extends object>(cells: T[], key: readonly (keyof T)[], measures: readonly (keyof T)[]): T[] {
  const out = new Map<string, T>();
  for (const cell of cells) {
    const k = key.map((c) => String(cell[c])).join('\u0001');
    const seen = out.get(k);
    if (!seen) out.set(k, { ...cell });
    else for (const m of measures) (seen[m] as number) += cell[m] as number;
  }
  return [...out.values()].filter((c) => measures.some((m) => (c[m] as number) !== 0));
}

export interface CellDeltas {
  spend: SpendCell[];
  heat: HeatCell[];
  card: CardCell[];
}

export function deltasBetween(before: ReportFactsTable | undefined, after: ReportFactsTable | undefined): CellDeltas {
  const spend: SpendCell[] = [];
  const heat: HeatCell[] = [];
  const card: CardCell[] = [];
  if (before) {
    spend.push(...spendCells(before, -1));
    heat.push(...heatCells(before, -1));
    card.push(...cardCells(before, -1));
  }
  if (after) {
    spend.push(...spendCells(after, 1));
    heat.push(...heatCells(after, 1));
    card.push(...cardCells(after, 1));
  }
  return {
    spend: merge(spend, SPEND_KEY, SPEND_MEASURES),
    heat: merge(heat, HEAT_KEY, HEAT_MEASURES),
    card: merge(card, CARD_KEY, HEAT_MEASURES),
  };
}

/** Many changes' deltas as one set (one upsert per cell, as PostgreSQL requires). */
export function mergeDeltas(list: readonly CellDeltas[]): CellDeltas {
  return {
    spend: merge(list.flatMap((d) => d.spend), SPEND_KEY, SPEND_MEASURES),
    heat: merge(list.flatMap((d) => d.heat), HEAT_KEY, HEAT_MEASURES),
    card: merge(list.flatMap((d) => d.card), CARD_KEY, HEAT_MEASURES),
  };
}

const UPSERT_CHUNK = 200;

/** Adds the deltas, creating cells that do not exist yet (portable ON CONFLICT ... DO UPDATE). */
export async function applyDeltas(db: Db, deltas: CellDeltas): Promise<void> {
  for (let i = 0; i < deltas.spend.length; i += UPSERT_CHUNK) {
    await db
      .insertInto('report_spend_cells')
      .values(deltas.spend.slice(i, i + UPSERT_CHUNK))
      .onConflict((oc) =>
        oc.columns([...SPEND_KEY]).doUpdateSet((eb) => {
          const set: Record<string, unknown> = {};
          for (const m of SPEND_MEASURES) set[m] = eb(`report_spend_cells.${m}`, '+', eb.ref(`excluded.${m}`));
          set.merchant_name = eb.ref('excluded.merchant_name');
          return set as never;
        }),
      )
      .execute();
  }
  for (let i = 0; i < deltas.heat.length; i += UPSERT_CHUNK) {
    await db
      .insertInto('report_heat_cells')
      .values(deltas.heat.slice(i, i + UPSERT_CHUNK))
      .onConflict((oc) =>
        oc.columns([...HEAT_KEY]).doUpdateSet((eb) => ({
          purchases: eb('report_heat_cells.purchases', '+', eb.ref('excluded.purchases')),
          gross_minor: eb('report_heat_cells.gross_minor', '+', eb.ref('excluded.gross_minor')),
          refunds_minor: eb('report_heat_cells.refunds_minor', '+', eb.ref('excluded.refunds_minor')),
        })),
      )
      .execute();
  }
  for (let i = 0; i < deltas.card.length; i += UPSERT_CHUNK) {
    await db
      .insertInto('report_card_cells')
      .values(deltas.card.slice(i, i + UPSERT_CHUNK))
      .onConflict((oc) =>
        oc.columns([...CARD_KEY]).doUpdateSet((eb) => ({
          purchases: eb('report_card_cells.purchases', '+', eb.ref('excluded.purchases')),
          gross_minor: eb('report_card_cells.gross_minor', '+', eb.ref('excluded.gross_minor')),
          refunds_minor: eb('report_card_cells.refunds_minor', '+', eb.ref('excluded.refunds_minor')),
        })),
      )
      .execute();
  }
}
