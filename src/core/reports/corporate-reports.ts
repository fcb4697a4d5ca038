import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';
import type { SpendingControls } from '../controls/spending-controls.js';
import { mccCategory, mccInGroup } from '../reference/mcc.js';
import { computeWindows, type WindowKeys } from '../authorization/windows.js';
import { cube } from './cube.js';
import { envelope } from './report-envelope.js';
import { shareBps } from './report-math.js';
import type { Scope } from './scope.js';

/**
 * Corporate cards: spend per employee and per category in the period (net of refunds), and each card's spending limits against what is used of them
 * in the current window, as the authorization engine counts it (its usage counters: holds count,
 * released holds do not).
 */
const INTERVAL_KEY: Record<string, keyof WindowKeys | null | undefined> = {
  daily: 'daily', weekly: 'weekly', monthly: 'monthly', yearly: 'yearly', all_time: 'all_time', per_authorization: null,
};

function matches(mcc: string, categories: readonly string[] | undefined): boolean {
  if (!categories || categories.length === 0) return true;
  return categories.some((c) => c === mcc || mccInGroup(mcc, c));
}

export async function corporateReport(db: Db, scope: Scope, now: Date) {
  const programIds = scope.programs.map((p) => p.id);
  if (programIds.length === 0) return { ...envelope('corporate', scope, now, [], { employees: 0, purchases: 0, net_minor: 0 }, ['No corporate program.']), categories: [] };
  // Per employee, card and category from the card rollup (weeks, months, quarters, years; edge days from the facts).
  const facts = (await cube(db, scope, { family: 'card', period: 'all', dims: ['cardholder_id', 'card_id', 'mcc'], measures: ['purchases', 'gross_minor', 'refunds_minor'] })).map((r) => ({
    cardholder_id: String(r.cardholder_id),
    card_id: String(r.card_id),
    mcc: String(r.mcc),
    purchases: Number(r.purchases),
    gross: Number(r.gross_minor),
    refunds: Number(r.refunds_minor),
  }))
    // A cell a fact moved out of (its tier became known) stays behind with zeros: nothing to show.
    .filter((f) => f.purchases !== 0 || f.gross !== 0 || f.refunds !== 0);

  let cardsQ = db
    .selectFrom('cards as c')
    .innerJoin('cardholders as h', 'h.id', 'c.cardholder_id')
    .leftJoin('cardholders as co', 'co.id', 'h.company_id')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select(['c.id', 'c.last4', 'c.status', 'c.account_id', 'c.spending_controls', 'c.program_id', 'h.id as holder', 'h.name', 'h.type', 'h.company_id', 'co.name as company_name', 'p.timezone', 'p.week_starts_on'])
    .where('c.program_id', 'in', programIds);
  if (scope.card) cardsQ = cardsQ.where('c.id', '=', scope.card.id);
  const cards = await cardsQ.execute();

  const employees = new Map<string, { cardholder: string; name: string; company: string | null; company_name: string | null; purchases: number; net_minor: number; by_category: Map<string, { purchases: number; net_minor: number }>; limits: unknown[]; cards: string[] }>();
  const employee = (holder: string, name: string, company: string | null, companyName: string | null) => {
    let e = employees.get(holder);
    if (!e) employees.set(holder, (e = { cardholder: holder, name, company, company_name: companyName, purchases: 0, net_minor: 0, by_category: new Map(), limits: [], cards: [] }));
    return e;
  };
  const holderOf = new Map(cards.map((c) => [c.holder, c]));
  for (const f of facts) {
    const card = holderOf.get(f.cardholder_id);
    const e = employee(f.cardholder_id, card?.name ?? f.cardholder_id, card?.type === 'company' ? card.holder : card?.company_id ?? null, card?.company_name ?? null);
    const net = Number(f.gross) - Number(f.refunds);
    e.purchases += Number(f.purchases);
    e.net_minor += net;
    const cat = e.by_category.get(f.mcc) ?? { purchases: 0, net_minor: 0 };
    cat.purchases += Number(f.purchases);
    cat.net_minor += net;
    e.by_category.set(f.mcc, cat);
  }

  // Limits: each card's, against the usage counters of its account's current windows (read for
  // every card at once: one query, not one per employee).
  const planned = cards.map((card) => {
    const limits = fromJson<SpendingControls>(card.spending_controls).spending_limits ?? [];
    const keys = computeWindows(now, card.timezone, card.week_starts_on).keys;
    const wanted = [...new Set(limits.map((l) => INTERVAL_KEY[l.interval]).filter((k): k is keyof WindowKeys => k != null).map((k) => keys[k]))];
    return { card, limits, keys, wanted };
  });
  const accounts = [...new Set(planned.filter((p) => p.wanted.length > 0).map((p) => p.card.account_id))];
  const windows = [...new Set(planned.flatMap((p) => p.wanted))];
  const counters = new Map<string, Array<{ window_key: string; mcc: string; amount: number }>>();
  for (let i = 0; i < accounts.length; i += 500) {
    const rows = await db.selectFrom('usage_counters').select(['account_id', 'window_key', 'mcc', 'amount']).where('account_id', 'in', accounts.slice(i, i + 500)).where('window_key', 'in', windows).execute();
    for (const r of rows) counters.set(r.account_id, [...(counters.get(r.account_id) ?? []), r]);
  }
  for (const { card, limits, keys, wanted } of planned) {
    const e = employee(card.holder, card.name, card.type === 'company' ? card.holder : card.company_id, card.company_name);
    e.cards.push(card.id);
    if (limits.length === 0) continue;
    const usage = (counters.get(card.account_id) ?? []).filter((u) => wanted.includes(u.window_key));
    for (const limit of limits) {
      const k = INTERVAL_KEY[limit.interval] ?? null;
      const used = k === null ? null : usage.filter((u) => u.window_key === keys[k] && matches(u.mcc, limit.categories)).reduce((s, u) => s + u.amount, 0);
      e.limits.push({
        card: card.id,
        last4: card.last4,
        interval: limit.interval,
        categories: limit.categories ?? null,
        window: k === null ? null : keys[k],
        limit_minor: limit.amount,
        used_minor: used,
        remaining_minor: used === null ? null : Math.max(0, limit.amount - used),
        utilization_bps: used === null ? null : shareBps(used, limit.amount),
      });
    }
  }

  const categoryTotals = new Map<string, { purchases: number; net_minor: number; employees: number }>();
  const rows = [...employees.values()]
    .map((e) => {
      const byCategory = [...e.by_category.entries()]
        .map(([mcc, v]) => ({ mcc, ...mccCategory(mcc), ...v }))
        .sort((a, b) => b.net_minor - a.net_minor);
      for (const c of byCategory) {
        const t = categoryTotals.get(c.mcc) ?? { purchases: 0, net_minor: 0, employees: 0 };
        t.purchases += c.purchases;
        t.net_minor += c.net_minor;
        t.employees += 1;
        categoryTotals.set(c.mcc, t);
      }
      return { bucket: e.name, cardholder: e.cardholder, name: e.name, company: e.company, company_name: e.company_name, cards: e.cards, purchases: e.purchases, net_minor: e.net_minor, by_category: byCategory, limits: e.limits };
    })
    .filter((r) => r.purchases > 0 || r.net_minor !== 0 || r.limits.length > 0)
    .sort((a, b) => b.net_minor - a.net_minor || a.name.localeCompare(b.name));
  const total = rows.reduce((s, r) => s + r.net_minor, 0);
  const categories = [...categoryTotals.entries()]
    .map(([mcc, v]) => ({ bucket: mcc, mcc, ...mccCategory(mcc), ...v, share_bps: shareBps(v.net_minor, total) }))
    .sort((a, b) => b.net_minor - a.net_minor);
  return {
    ...envelope('corporate', scope, now, rows, { employees: rows.length, purchases: rows.reduce((s, r) => s + r.purchases, 0), net_minor: total }, [
      'Limits are shown for the current window of each interval (program time zone), as the authorization engine counts them: held and captured amounts, not released holds.',
    ]),
    categories,
  };
}
