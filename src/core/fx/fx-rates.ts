import type { Db } from '../db/database.js';
import type { FxRateRow } from '../ledger/tables.js';
import { formatRate, invertRate, parseRate, type Rate } from './rate.js';

export interface FxRate {
  id: string;
  object: 'fx_rate';
  base: string;
  quote: string;
  rate: string;
  source: string;
  effective_at: number;
  created: number;
}

export function fxRateFromRow(row: FxRateRow): FxRate {
  return {
    id: row.id,
    object: 'fx_rate',
    base: row.base,
    quote: row.quote,
    rate: row.rate,
    source: row.source,
    effective_at: Math.floor(Date.parse(row.effective_at) / 1000),
    created: Math.floor(Date.parse(row.created_at) / 1000),
  };
}

export interface ResolvedRate {
  rate: Rate;
  /** Which row gave it, and whether it was used inverted. */
  id: string;
  inverted: boolean;
  text: string;
}

async function latest(db: Db, base: string, quote: string, at: string): Promise<FxRateRow | undefined> {
  return db
    .selectFrom('fx_rates')
    .selectAll()
    .where('base', '=', base)
    .where('quote', '=', quote)
    .where('effective_at', '<=', at)
    .orderBy('effective_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The rate to convert `from` into `to` at a moment: the newest entry of the pair in effect then,
 * or else the newest of the reverse pair, inverted. Null when the table has neither.
 */
export async function findRate(db: Db, from: string, to: string, at: Date): Promise<ResolvedRate | null> {
  const iso = at.toISOString();
  const direct = await latest(db, from, to, iso);
  const reverse = direct ? undefined : await latest(db, to, from, iso);
  const row = direct ?? reverse;
  if (!row) return null;
  const parsed = parseRate(row.rate);
  if (!parsed) return null;
  const rate = direct ? parsed : invertRate(parsed);
  return { rate, id: row.id, inverted: !direct, text: direct ? row.rate : formatRate(rate, 12) };
}
