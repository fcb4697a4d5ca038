import { localMonthIndex } from '../kernel/zone-offset.js';
import type { Ctx } from '../bus/context.js';
import { fromJson } from '../db/database.js';
import { availableOf, systemSpec } from '../ledger/accounts.js';
import { LedgerBatch } from '../ledger/ledger-batch.js';
import { companyOf, openFunds, type CardFunding } from '../ledger/funding.js';
import type { FeeChargeRow } from '../ledger/tables.js';
import type { Fees } from '../programs/program.js';

export interface FeeCharge {
  id: string;
  object: 'fee_charge';
  kind: 'issuance' | 'monthly_admin';
  card: string;
  account: string;
  period: string;
  amount: number;
  /** What the funds could pay at the time; the rest is not carried over (stated limitation). */
  collected_amount: number;
  currency: string;
  ledger_transfer: string | null;
  created: number;
}

export function feeChargeFromRow(row: FeeChargeRow): FeeCharge {
  return {
    id: row.id,
    object: 'fee_charge',
    kind: row.kind as FeeCharge['kind'],
    card: row.card_id,
    account: row.account_id,
    period: row.period,
    amount: row.amount,
    collected_amount: row.collected_amount,
    currency: row.currency,
    ledger_transfer: row.transfer_id,
    created: Math.floor(Date.parse(row.created_at) / 1000),
  };
}

/**
 * Charges a fee to the funds behind a card, as its own ledger line (funds -> fees income). A fee
 * never overdraws: it takes what is available, up to the fee, and records both figures.
 */
async function charge(ctx: Ctx, batch: LedgerBatch, card: CardFunding, kind: FeeCharge['kind'], period: string, amount: number): Promise<FeeChargeRow> {
  const funds = await openFunds(batch, card);
  const income = systemSpec('fees_income', card.currency);
  await batch.open(income);
  const collected = Math.min(amount, Math.max(0, availableOf(funds)));
  const id = ctx.ids.next('fee');
  const transfer = collected > 0 ? batch.transfer({ debit: funds.id, credit: income.id, amount: collected, code: kind === 'issuance' ? 'fee_issuance' : 'fee_monthly', referenceId: id }) : null;
  return {
    id,
    kind,
    account_id: card.account_id,
    card_id: card.card_id,
    period,
    amount,
    collected_amount: collected,
    currency: card.currency,
    transfer_id: transfer?.id ?? null,
    created_at: ctx.clock.now().toISOString(),
  };
}

/** The program's issuance fee, in the card-create transaction (not for replacements). */
export async function postIssuanceFee(ctx: Ctx, card: CardFunding): Promise<FeeCharge | null> {
  const batch = new LedgerBatch(ctx.db, ctx.ids, ctx.clock);
  // Opening the funds now also grants a credit card its line, so the card shows its credit at once.
  await openFunds(batch, card);
  const fee = card.fees.issuance ?? 0;
  const row = fee > 0 ? await charge(ctx, batch, card, 'issuance', card.card_id, fee) : null;
  await batch.flush();
  if (!row) return null;
  await ctx.db.insertInto('fee_charges').values(row).execute();
  return feeChargeFromRow(row);
}

/** 'YYYY-MM' of a moment in a time zone, as a month index (year*12 + month-1). */
export function monthIndex(at: Date, timezone: string): number {
  return localMonthIndex(at.getTime(), timezone);
}

export function periodOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function indexOf(period: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return y * 12 + m - 1;
}

/** A run stops after this many charges; the job runs again and picks up where it stopped. */
export const MAX_CHARGES_PER_RUN = 20_000;

/**
 * The monthly admin fee for month M is due from the first day of M (program time zone) for every
 * month after the one the account's first card was issued in, while a card of the account was not
 * canceled before M began. Each (account, month) is charged once (a unique index enforces it), so
 * running the job again, or after weeks closed, posts exactly the missing months.
 */
export async function postMonthlyFees(ctx: Ctx): Promise<{ object: 'fee_run'; charged: number; collected: number; periods: string[]; more: boolean }> {
  const programs = (await ctx.db.selectFrom('programs').select(['id', 'kind', 'currency', 'timezone', 'fees', 'caps']).execute()).filter(
    (p) => (fromJson<Fees>(p.fees).monthly_admin ?? 0) > 0,
  );
  const now = ctx.clock.now();
  const rows: FeeChargeRow[] = [];
  const periods = new Set<string>();
  let more = false;
  const batch = new LedgerBatch(ctx.db, ctx.ids, ctx.clock);
  for (const program of programs) {
    const fees = fromJson<Fees>(program.fees);
    const cards = await ctx.db
      .selectFrom('cards')
      .innerJoin('cardholders', 'cardholders.id', 'cards.cardholder_id')
      .select(['cards.id', 'cards.account_id', 'cards.status', 'cards.created_at', 'cards.canceled_at', 'cardholders.type as holder_type', 'cardholders.id as holder_id', 'cardholders.company_id'])
      .where('cards.program_id', '=', program.id)
      .orderBy('cards.id')
      .execute();
    const charged = new Map(
      (
        await ctx.db
          .selectFrom('fee_charges')
          .innerJoin('cards', 'cards.id', 'fee_charges.card_id')
          .select(['fee_charges.account_id'])
          .select((eb) => eb.fn.max('fee_charges.period').as('last'))
          .where('fee_charges.kind', '=', 'monthly_admin')
          .where('cards.program_id', '=', program.id)
          .groupBy('fee_charges.account_id')
          .execute()
      ).map((r) => [r.account_id, String(r.last)]),
    );
    const accounts = new Map<string, { first: number; end: number; card: (typeof cards)[number] }>();
    const current = monthIndex(now, program.timezone);
    for (const card of cards) {
      const first = monthIndex(new Date(card.created_at), program.timezone);
      // A month is owed if the account had a live card when it began: canceled in month C -> up to C.
      const end = card.status === 'canceled' && card.canceled_at ? monthIndex(new Date(card.canceled_at), program.timezone) : current;
      const seen = accounts.get(card.account_id);
      if (!seen) accounts.set(card.account_id, { first, end, card });
      else {
        seen.first = Math.min(seen.first, first);
        seen.end = Math.max(seen.end, end);
        if (card.status !== 'canceled') seen.card = card;
      }
    }
    for (const [accountId, span] of accounts) {
      const last = charged.get(accountId);
      const from = Math.max(span.first + 1, last ? indexOf(last) + 1 : 0);
      for (let month = from; month <= Math.min(span.end, current); month++) {
        if (rows.length >= MAX_CHARGES_PER_RUN) {
          more = true;
          break;
        }
        const funding: CardFunding = {
          card_id: span.card.id,
          account_id: accountId,
          kind: program.kind,
          currency: program.currency,
          caps: fromJson(program.caps),
          fees,
          company_id: companyOf(program.kind, span.card.holder_type, span.card.holder_id, span.card.company_id),
        };
        const period = periodOf(month);
        rows.push(await charge(ctx, batch, funding, 'monthly_admin', period, fees.monthly_admin ?? 0));
        periods.add(period);
      }
    }
  }
  await batch.flush();
  for (let i = 0; i < rows.length; i += 200) await ctx.db.insertInto('fee_charges').values(rows.slice(i, i + 200)).execute();
  return { object: 'fee_run', charged: rows.length, collected: rows.reduce((sum, r) => sum + r.collected_amount, 0), periods: [...periods].sort(), more };
}
