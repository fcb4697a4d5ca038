import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import type { Brand } from '../programs/brand.js';
import { addDays, lastDayOfMonth, localParts, startOfLocalDay } from '../reports/zone-time.js';

/**
 * A card's monthly statement as data: the money that moved on its funds in the program's local
 * month (purchases as they were captured, refunds, fees as their own lines, top-ups, cashback),
 * opening and closing balances, the fees, the points and the tier. The funds belong to the card's
 * account, which a replacement card keeps, so the statement of a replaced card continues on the
 * new one. A corporate card spends its company's funds: its statement lists its own transactions
 * and fees, without a balance (the company's account is shared).
 */
export interface StatementLine {
  date: string;
  time: string;
  type: 'purchase' | 'refund' | 'fee' | 'top_up' | 'withdrawal' | 'cashback' | 'reward' | 'credit_line' | 'payment' | 'other';
  description: string;
  reference: string;
  amount_minor: number;
  balance_minor: number | null;
}

export interface Statement {
  object: 'statement';
  month: string;
  period: { from: string; to: string; timezone: string };
  currency: string;
  card: { id: string; last4: string; type: string; status: string };
  cardholder: { id: string; name: string; language: string };
  program: { id: string; name: string; kind: string; brand: Pick<Brand, 'name' | 'primary_color' | 'secondary_color' | 'text_color'> };
  balance: { opening_minor: number; closing_minor: number; note: string } | null;
  lines: StatementLine[];
  totals: { purchases_minor: number; refunds_minor: number; fees_minor: number; top_ups_minor: number; cashback_minor: number; other_minor: number; net_minor: number };
  fees: Array<{ date: string; description: string; amount_minor: number; reference: string }>;
  points: { member: string; opening: number; earned: number; bonus: number; reversed: number; redeemed: number; expired: number; adjusted: number; other: number; closing: number } | null;
  tier: { id: string | null; name: string | null; changes: Array<{ date: string; from: string | null; to: string | null; reason: string }> } | null;
  generated_at: string;
}

const TYPE_OF_CODE: Record<string, StatementLine['type']> = {
  purchase: 'purchase', refund: 'refund', fee_transaction: 'fee', fee_fx: 'fee', fee_issuance: 'fee', fee_monthly: 'fee', top_up: 'top_up',
  withdrawal: 'withdrawal', cashback: 'cashback', reward_credit: 'reward', credit_grant: 'credit_line', credit_payment: 'payment',
};
const FEE_NAMES: Record<string, string> = { fee_transaction: 'Transaction fee', fee_fx: 'Currency conversion fee', fee_issuance: 'Card issuance fee', fee_monthly: 'Monthly card fee' };
const pad = (n: number): string => String(n).padStart(2, '0');

export async function statementOf(db: Db, cardId: string, month: string, now: Date): Promise<Statement> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid('parameter_invalid', 'month must be YYYY-MM.', 'month');
  const card = await db
    .selectFrom('cards as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .innerJoin('cardholders as h', 'h.id', 'c.cardholder_id')
    .select(['c.id', 'c.last4', 'c.type', 'c.status', 'c.account_id', 'c.cardholder_id', 'h.name', 'h.preferred_language', 'p.id as program_id', 'p.name as program_name', 'p.kind', 'p.currency', 'p.timezone', 'p.brand'])
    .where('c.id', '=', cardId)
    .executeTakeFirst();
  if (!card) throw notFound('card', cardId, 'card');
  const zone = card.timezone;
  const from = `${month}-01`;
  const to = lastDayOfMonth(month);
  const startIso = new Date(startOfLocalDay(from, zone)).toISOString();
  const endIso = new Date(startOfLocalDay(addDays(to, 1), zone)).toISOString();
  const when = (iso: string) => {
    const p = localParts(Date.parse(iso), zone);
    return { date: p.day, time: `${pad(p.hour)}:${pad(p.minute)}` };
  };
  const brand = fromJson<Brand>(card.brand);
  const corporate = card.kind === 'corporate';
  const fundsId = `card:${card.account_id}`;

  const lines: StatementLine[] = [];
  let balance: Statement['balance'] = null;
  if (!corporate) {
    // Every posted movement of the card's funds, oldest first; the opening balance sums those before.
    const transfers = await db
      .selectFrom('ledger_transfers as t')
      .leftJoin('authorizations as a', 'a.id', 't.authorization_id')
      .select(['t.id', 't.code', 't.amount', 't.created_at', 't.debit_account_id', 't.credit_account_id', 't.authorization_id', 't.reference_id', 'a.merchant_name'])
      .where((eb) => eb.or([eb('t.debit_account_id', '=', fundsId), eb('t.credit_account_id', '=', fundsId)]))
      .where('t.kind', 'in', ['posted', 'post_pending'])
      .where('t.amount', '>', 0)
      .where('t.created_at', '<', endIso)
      .orderBy('t.created_at')
      .orderBy('t.id')
      .execute();
    let running = 0;
    let opening = 0;
    for (const t of transfers) {
      const signed = t.credit_account_id === fundsId ? t.amount : -t.amount;
      running += signed;
      if (t.created_at < startIso) {
        opening = running;
        continue;
      }
      lines.push({ ...when(t.created_at), type: TYPE_OF_CODE[t.code] ?? 'other', description: describe(t.code, t.merchant_name), reference: t.authorization_id ?? t.reference_id ?? t.id, amount_minor: signed, balance_minor: running });
    }
    balance = { opening_minor: opening, closing_minor: running, note: 'Posted money only: holds of purchases not yet captured are not on the statement.' };
  } else {
    // The company's funds are shared: this card's own captures, refunds and fees.
    const txns = await db
      .selectFrom('transactions as t')
      .innerJoin('authorizations as a', 'a.id', 't.authorization_id')
      .select(['t.id', 't.type', 't.amount', 't.created_at', 't.authorization_id', 't.fees', 'a.merchant_name'])
      .where('t.card_id', '=', cardId)
      .where('t.created_at', '>=', startIso)
      .where('t.created_at', '<', endIso)
      .orderBy('t.created_at')
      .execute();
    for (const t of txns) {
      const at = when(t.created_at);
      const sign = t.type === 'refund' ? 1 : -1;
      lines.push({ ...at, type: t.type === 'refund' ? 'refund' : 'purchase', description: describe(t.type === 'refund' ? 'refund' : 'purchase', t.merchant_name), reference: t.authorization_id, amount_minor: sign * t.amount, balance_minor: null });
      const fees = fromJson<{ transaction?: number; fx?: number }>(t.fees) ?? {};
      if (fees.transaction) lines.push({ ...at, type: 'fee', description: FEE_NAMES.fee_transaction!, reference: t.authorization_id, amount_minor: -fees.transaction, balance_minor: null });
      if (fees.fx) lines.push({ ...at, type: 'fee', description: FEE_NAMES.fee_fx!, reference: t.authorization_id, amount_minor: -fees.fx, balance_minor: null });
    }
  }
  const sum = (types: StatementLine['type'][]) => lines.filter((l) => types.includes(l.type)).reduce((s, l) => s + l.amount_minor, 0);
  const totals = {
    purchases_minor: sum(['purchase']),
    refunds_minor: sum(['refund']),
    fees_minor: sum(['fee']),
    top_ups_minor: sum(['top_up', 'payment']),
    cashback_minor: sum(['cashback', 'reward']),
    other_minor: sum(['withdrawal', 'credit_line', 'other']),
    net_minor: lines.reduce((s, l) => s + l.amount_minor, 0),
  };

  // Points and tier of the cardholder in this program.
  const member = await db.selectFrom('rewards_members').select(['id', 'tier_id']).where('program_id', '=', card.program_id).where('cardholder_id', '=', card.cardholder_id).executeTakeFirst();
  let points: Statement['points'] = null;
  let tier: Statement['tier'] = null;
  if (member) {
    const rows = await db
      .selectFrom('rewards_points_entries')
      .select(['kind', sql<number>`coalesce(sum(CASE WHEN created_at < ${startIso} THEN points ELSE 0 END), 0)`.as('before'), sql<number>`coalesce(sum(CASE WHEN created_at >= ${startIso} THEN points ELSE 0 END), 0)`.as('during')])
      .where('account_id', '=', member.id)
      .where('created_at', '<', endIso)
      .groupBy('kind')
      .execute();
    const during = (kinds: string[]) => rows.filter((r) => kinds.includes(r.kind)).reduce((s, r) => s + Number(r.during), 0);
    const opening = rows.reduce((s, r) => s + Number(r.before), 0);
    const moved = rows.reduce((s, r) => s + Number(r.during), 0);
    const known = ['earn', 'bonus', 'reverse', 'spend', 'restore', 'expire', 'adjust'];
    points = {
      member: member.id,
      opening,
      earned: during(['earn']),
      bonus: during(['bonus']),
      reversed: -during(['reverse']) + 0,
      redeemed: -during(['spend', 'restore']) + 0,
      expired: -during(['expire']) + 0,
      adjusted: during(['adjust']),
      other: rows.filter((r) => !known.includes(r.kind)).reduce((s, r) => s + Number(r.during), 0),
      closing: opening + moved,
    };
    const tiers = await db.selectFrom('rewards_tiers').select(['id', 'name']).where('program_id', '=', card.program_id).execute();
    const name = new Map(tiers.map((t) => [t.id, t.name]));
    const events = await db.selectFrom('events').select(['data', 'created_at']).where('object_id', '=', member.id).where('type', '=', 'rewards.tier.changed').where('created_at', '>=', startIso).where('created_at', '<', endIso).orderBy('id').execute();
    tier = {
      id: member.tier_id,
      name: member.tier_id ? (name.get(member.tier_id) ?? null) : null,
      changes: events.map((e) => {
        const d = fromJson<{ from: { id: string; name: string | null } | null; to: { id: string; name: string | null } | null; reason: string }>(e.data);
        return { date: when(e.created_at).date, from: d.from?.name ?? d.from?.id ?? null, to: d.to?.name ?? d.to?.id ?? null, reason: d.reason };
      }),
    };
  }
  return {
    object: 'statement',
    month,
    period: { from, to, timezone: zone },
    currency: card.currency,
    card: { id: card.id, last4: card.last4, type: card.type, status: card.status },
    cardholder: { id: card.cardholder_id, name: card.name, language: card.preferred_language },
    program: { id: card.program_id, name: card.program_name, kind: card.kind, brand: { name: brand.name, primary_color: brand.primary_color, secondary_color: brand.secondary_color, text_color: brand.text_color } },
    balance,
    lines,
    totals,
    fees: lines.filter((l) => l.type === 'fee').map((l) => ({ date: l.date, description: l.description, amount_minor: -l.amount_minor, reference: l.reference })),
    points,
    tier,
    generated_at: now.toISOString(),
  };
}

function describe(code: string, merchant: string | null): string {
  if (FEE_NAMES[code]) return merchant ? `${FEE_NAMES[code]} (${merchant})` : FEE_NAMES[code]!;
  switch (code) {
    case 'purchase':
      return merchant ?? 'Purchase';
    case 'refund':
      return merchant ? `Refund: ${merchant}` : 'Refund';
    case 'top_up':
      return 'Top-up';
    case 'withdrawal':
      return 'Withdrawal';
    case 'cashback':
      return merchant ? `Cashback (${merchant})` : 'Cashback';
    case 'reward_credit':
      return 'Reward credit';
    case 'credit_grant':
      return 'Credit line';
    case 'credit_payment':
      return 'Payment';
    default:
      return code;
  }
}
