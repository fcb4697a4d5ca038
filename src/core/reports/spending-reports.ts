import type { Db } from '../db/database.js';
import { mccCategory } from '../reference/mcc.js';
import { sql } from 'kysely';
import { cube, cubeSql, type CubeRow } from './cube.js';
import { envelope } from './report-envelope.js';
import { averageMinor, shareBps, sumBy } from './report-math.js';
import { bucketOf, bucketsOf, type SeriesPeriod } from './periods.js';
import type { Scope } from './scope.js';

/**
 * Spending: net of refunds, counted at the purchase's moment in the program's time zone (a
 * refund lowers the spend of the day the purchase was made). A "purchase" (ticket) is an
 * authorization with something captured; the average ticket is captured money per purchase.
 */
const MONEY = ['purchases', 'gross_minor', 'refunds_minor', 'foreign_minor', 'fx_fee_minor', 'fee_minor'] as const;

export interface SpendFigures {
  purchases: number;
  gross_minor: number;
  refunds_minor: number;
  net_minor: number;
  average_ticket_minor: number;
}

function figures(r: CubeRow | undefined): SpendFigures {
  const purchases = Number(r?.purchases ?? 0);
  const gross = Number(r?.gross_minor ?? 0);
  const refunds = Number(r?.refunds_minor ?? 0);
  return { purchases, gross_minor: gross, refunds_minor: refunds, net_minor: gross - refunds, average_ticket_minor: averageMinor(gross, purchases) };
}

export interface SpendTotals extends SpendFigures {
  foreign_minor: number;
  /** Share of captured money spent in another currency than the card's, basis points. */
  foreign_share_bps: number;
  fx_fee_minor: number;
  transaction_fee_minor: number;
}

function totalsOf(rows: readonly CubeRow[]): SpendTotals {
  const sum = (m: string): number => sumBy(rows, (r) => Number(r[m] ?? 0));
  const base = figures({ purchases: sum('purchases'), gross_minor: sum('gross_minor'), refunds_minor: sum('refunds_minor') });
  const foreign = sum('foreign_minor');
  return { ...base, foreign_minor: foreign, foreign_share_bps: shareBps(foreign, base.gross_minor), fx_fee_minor: sum('fx_fee_minor'), transaction_fee_minor: sum('fee_minor') };
}

export interface SeriesRow extends SpendFigures {
  bucket: string;
  foreign_minor: number;
  fx_fee_minor: number;
}

export async function spendingSeries(db: Db, scope: Scope, period: SeriesPeriod, now: Date) {
  const weekStartsOn = scope.programs[0]?.week_starts_on ?? 1;
  const cells = await cube(db, scope, { family: 'spend', period: period === 'week' ? 'day' : period, dims: ['period'], measures: MONEY });
  const byBucket = new Map<string, CubeRow>();
  for (const c of cells) {
    const b = bucketOf(String(c.period), period, weekStartsOn);
    const seen = byBucket.get(b);
    if (!seen) byBucket.set(b, { ...c });
    else for (const m of MONEY) seen[m] = Number(seen[m]) + Number(c[m]);
  }
  const rows: SeriesRow[] = bucketsOf(scope.from, scope.to, period, weekStartsOn).map((bucket) => {
    const c = byBucket.get(bucket);
    return { bucket, ...figures(c), foreign_minor: Number(c?.foreign_minor ?? 0), fx_fee_minor: Number(c?.fx_fee_minor ?? 0) };
  });
  const notes = period === 'week' ? [`Weeks start on ${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][weekStartsOn]}; a bucket is its first day.`] : [];
  return envelope(`spending_by_${period}`, scope, now, rows, totalsOf(cells), notes);
}

export async function spendingSummary(db: Db, scope: Scope, now: Date) {
  const cells = await cube(db, scope, { family: 'spend', period: 'all', dims: [], measures: MONEY });
  const totals = totalsOf(cells);
  const rows = [
    { bucket: 'domestic', gross_minor: totals.gross_minor - totals.foreign_minor },
    { bucket: 'foreign', gross_minor: totals.foreign_minor },
  ];
  return envelope('spending_summary', scope, now, rows, totals);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface HeatRow extends SpendFigures {
  bucket: string;
  weekday: number;
  hour: number;
}

/** 7 x 24 cells, weeks starting on the program's first day, hours 0-23 local. */
export async function spendingHeatmap(db: Db, scope: Scope, now: Date) {
  const weekStartsOn = scope.programs[0]?.week_starts_on ?? 1;
  const cells = await cube(db, scope, { family: 'heat', period: 'all', dims: ['weekday', 'hour'], measures: ['purchases', 'gross_minor', 'refunds_minor'] });
  const at = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const rows: HeatRow[] = [];
  for (let i = 0; i < 7; i++) {
    const weekday = (weekStartsOn + i) % 7;
    for (let hour = 0; hour < 24; hour++) {
      rows.push({ bucket: `${WEEKDAYS[weekday]} ${String(hour).padStart(2, '0')}:00`, weekday, hour, ...figures(at.get(`${weekday}:${hour}`)) });
    }
  }
  const totals = figures({ purchases: sumBy(cells, (c) => Number(c.purchases)), gross_minor: sumBy(cells, (c) => Number(c.gross_minor)), refunds_minor: sumBy(cells, (c) => Number(c.refunds_minor)) });
  const busiest = rows.reduce<HeatRow | null>((best, r) => (r.purchases > (best?.purchases ?? 0) ? r : best), null);
  return envelope('spending_heatmap', scope, now, rows, { ...totals, busiest: busiest?.bucket ?? null });
}

export interface CategoryRow extends SpendFigures {
  bucket: string;
  mcc: string;
  category: string;
  group: string | null;
  share_bps: number;
}

export async function spendingByCategory(db: Db, scope: Scope, now: Date) {
  const cells = await cube(db, scope, { family: 'spend', period: 'all', dims: ['mcc'], measures: MONEY });
  const totals = totalsOf(cells);
  const rows: CategoryRow[] = cells
    .filter((c) => Number(c.purchases) !== 0 || Number(c.gross_minor) !== 0 || Number(c.refunds_minor) !== 0)
    .map((c) => {
      const mcc = String(c.mcc);
      const f = figures(c);
      return { bucket: mcc, mcc, ...mccCategory(mcc), ...f, share_bps: shareBps(f.net_minor, totals.net_minor) };
    })
    .sort((a, b) => b.net_minor - a.net_minor || a.mcc.localeCompare(b.mcc));
  return envelope('spending_by_category', scope, now, rows, totals);
}

export interface MerchantRow extends SpendFigures {
  bucket: string;
  branch: string;
  branch_name: string;
  location: string | null;
  merchant: string;
  merchant_name: string;
  share_bps: number;
}

/** The `branches` row of purchases made anywhere but at the business's own branches. */
export const ELSEWHERE = 'elsewhere';
const ELSEWHERE_NAME = 'Not at a branch';

/**
 * By merchant, with each merchant's branch (a location of the business, or the merchant itself),
 * and by branch: each of the business's own, and one row for everything bought elsewhere.
 */
export async function spendingByMerchant(db: Db, scope: Scope, now: Date) {
  const cells = await cube(db, scope, { family: 'spend', period: 'all', dims: ['place', 'merchant_key'], measures: MONEY, labels: ['merchant_name'] });
  const totals = totalsOf(cells);
  const locationIds = [...new Set(cells.map((c) => String(c.place)).filter((p) => p.startsWith('loc_')))];
  const locations = locationIds.length
    ? new Map((await db.selectFrom('locations').select(['id', 'name']).where('id', 'in', locationIds).execute()).map((l) => [l.id, l.name]))
    : new Map<string, string>();
  const rows: MerchantRow[] = cells
    .filter((c) => Number(c.purchases) !== 0 || Number(c.gross_minor) !== 0 || Number(c.refunds_minor) !== 0)
    .map((c) => {
      const place = String(c.place);
      const key = String(c.merchant_key);
      const name = String(c.merchant_name || (key.startsWith('name:') ? key.slice(5) : key));
      const f = figures(c);
      return {
        bucket: key,
        branch: place,
        branch_name: locations.get(place) ?? name,
        location: locations.has(place) ? place : null,
        merchant: key,
        merchant_name: name,
        ...f,
        share_bps: shareBps(f.net_minor, totals.net_minor),
      };
    })
    .sort((a, b) => b.net_minor - a.net_minor || a.merchant.localeCompare(b.merchant));
  // The business's own branches each; everything bought elsewhere (a company card at its suppliers,
  // a debit card anywhere) in one row, not each merchant as if it were a branch.
  const branches = new Map<string, { bucket: string; branch: string; branch_name: string; location: string | null; purchases: number; gross_minor: number; refunds_minor: number }>();
  for (const r of rows) {
    const own = r.location !== null;
    const key = own ? r.branch : ELSEWHERE;
    const b = branches.get(key) ?? { bucket: key, branch: key, branch_name: own ? r.branch_name : ELSEWHERE_NAME, location: own ? r.location : null, purchases: 0, gross_minor: 0, refunds_minor: 0 };
    b.purchases += r.purchases;
    b.gross_minor += r.gross_minor;
    b.refunds_minor += r.refunds_minor;
    branches.set(key, b);
  }
  const byBranch = [...branches.values()]
    .map((b) => ({ ...b, ...figures({ purchases: b.purchases, gross_minor: b.gross_minor, refunds_minor: b.refunds_minor }), share_bps: shareBps(b.gross_minor - b.refunds_minor, totals.net_minor) }))
    .sort((a, b) => b.net_minor - a.net_minor || a.branch.localeCompare(b.branch));
  return { ...envelope('spending_by_merchant', scope, now, rows, totals), branches: byBranch };
}

export interface CardRow extends SpendFigures {
  bucket: string;
  card: string | null;
  last4: string | null;
  cardholder: string;
  cardholder_name: string | null;
}

/** The biggest spenders by card or by cardholder; the rest summed in `others`. */
export async function spendingByCard(db: Db, scope: Scope, by: 'card' | 'cardholder', limit: number, now: Date) {
  const dim = by === 'card' ? 'card_id' : 'cardholder_id';
  // The ranking and the totals in the database: only the top rows come back (not every card).
  const grouped = cubeSql(scope, { family: 'card', period: 'all', dims: [dim], measures: ['purchases', 'gross_minor', 'refunds_minor'] });
  const ranked = grouped
    ? (
        await sql<{ id: string; purchases: number; gross_minor: number; refunds_minor: number; n_all: number; purchases_all: number; gross_all: number; refunds_all: number }>`
          WITH grouped AS (${grouped}), spent AS (SELECT * FROM grouped WHERE purchases <> 0 OR gross_minor <> 0 OR refunds_minor <> 0)
          SELECT ${sql.raw(dim)} AS id, purchases, gross_minor, refunds_minor, count(*) OVER () AS n_all, sum(purchases) OVER () AS purchases_all,
            sum(gross_minor) OVER () AS gross_all, sum(refunds_minor) OVER () AS refunds_all
          FROM spent ORDER BY gross_minor - refunds_minor DESC, ${sql.raw(dim)} LIMIT ${limit}`.execute(db)
      ).rows
    : [];
  const top = ranked.map((r) => ({ id: String(r.id), ...figures(r) }));
  const first = ranked[0];
  const totals = figures({ purchases: Number(first?.purchases_all ?? 0), gross_minor: Number(first?.gross_all ?? 0), refunds_minor: Number(first?.refunds_all ?? 0) });
  const count = Number(first?.n_all ?? 0);
  let rows: CardRow[];
  if (by === 'card') {
    const cards = top.length
      ? await db.selectFrom('cards').innerJoin('cardholders', 'cardholders.id', 'cards.cardholder_id').select(['cards.id', 'cards.last4', 'cards.cardholder_id', 'cardholders.name']).where('cards.id', 'in', top.map((t) => t.id)).execute()
      : [];
    const byId = new Map(cards.map((c) => [c.id, c]));
    rows = top.map((t) => ({ bucket: t.id, card: t.id, last4: byId.get(t.id)?.last4 ?? null, cardholder: byId.get(t.id)?.cardholder_id ?? '', cardholder_name: byId.get(t.id)?.name ?? null, ...strip(t) }));
  } else {
    const holders = top.length ? await db.selectFrom('cardholders').select(['id', 'name']).where('id', 'in', top.map((t) => t.id)).execute() : [];
    const byId = new Map(holders.map((h) => [h.id, h.name]));
    rows = top.map((t) => ({ bucket: t.id, card: null, last4: null, cardholder: t.id, cardholder_name: byId.get(t.id) ?? null, ...strip(t) }));
  }
  const others = figures({
    purchases: totals.purchases - sumBy(top, (r) => r.purchases),
    gross_minor: totals.gross_minor - sumBy(top, (r) => r.gross_minor),
    refunds_minor: totals.refunds_minor - sumBy(top, (r) => r.refunds_minor),
  });
  return { ...envelope(`spending_by_${by}`, scope, now, rows, { ...totals, count }), others: { count: count - top.length, ...others } };
}

function strip(t: { id: string } & SpendFigures): SpendFigures {
  const { id: _id, ...rest } = t;
  return rest;
}
