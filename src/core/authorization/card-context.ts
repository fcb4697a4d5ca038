import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';
import type { SpendingControls } from '../controls/spending-controls.js';
import type { Caps, Fees } from '../programs/program.js';
import { companyOf, type CardFunding } from '../ledger/funding.js';
import type { LedgerAccountRow } from '../ledger/tables.js';
import { Prepared } from '../ledger/prepared.js';
import type { RiskCardFacts } from './risk-hook.js';

/** Everything about a card a decision needs, read in one query (card, cardholder, program, funds). */
export interface CardContext {
  id: string;
  status: string;
  cancellation_reason: string | null;
  account_id: string;
  cardholder_id: string;
  cardholder_status: string;
  /** unverified, pending, verified or rejected (a rejected cardholder's purchases are declined). */
  cardholder_verification: string;
  program_id: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  controls: SpendingControls;
  kind: string;
  currency: string;
  timezone: string;
  week_starts_on: number;
  caps: Caps;
  fees: Fees;
  funding: CardFunding;
  /** The card account's funds row when it exists (joined), to prime the ledger cache. */
  fundsRow: LedgerAccountRow | null;
  /** What the risk hook would otherwise read again about this card (RiskInput.card). */
  risk: RiskCardFacts;
}

function baseQuery(db: Db) {
  return db
    .selectFrom('cards')
    .innerJoin('cardholders', 'cardholders.id', 'cards.cardholder_id')
    .innerJoin('programs', 'programs.id', 'cards.program_id')
    .leftJoin('ledger_accounts', (join) => join.onRef('ledger_accounts.owner_id', '=', 'cards.account_id').on('ledger_accounts.code', '=', 'card_funds'))
    .select([
      'cards.id', 'cards.status', 'cards.cancellation_reason', 'cards.account_id', 'cards.cardholder_id', 'cards.program_id', 'cards.last4',
      'cards.exp_month', 'cards.exp_year', 'cards.spending_controls', 'cards.fingerprint',
      'cards.created_at', 'cards.activated_at', 'cards.replacement_for',
      'cardholders.status as holder_status', 'cardholders.verification_status as holder_verification', 'cardholders.type as holder_type', 'cardholders.company_id',
      'programs.kind', 'programs.currency', 'programs.timezone', 'programs.week_starts_on', 'programs.caps', 'programs.fees',
      'ledger_accounts.id as la_id', 'ledger_accounts.code as la_code', 'ledger_accounts.owner_id as la_owner', 'ledger_accounts.currency as la_currency',
      'ledger_accounts.flags as la_flags', 'ledger_accounts.credit_limit as la_credit_limit', 'ledger_accounts.debits_pending as la_dp',
      'ledger_accounts.debits_posted as la_dP', 'ledger_accounts.credits_pending as la_cp', 'ledger_accounts.credits_posted as la_cP', 'ledger_accounts.created_at as la_created',
    ]);
}

type Joined = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toContext(r: Joined): CardContext {
  const caps = fromJson<Caps>(r.caps);
  const fees = fromJson<Fees>(r.fees);
  return {
    id: r.id,
    status: r.status,
    cancellation_reason: r.cancellation_reason,
    account_id: r.account_id,
    cardholder_id: r.cardholder_id,
    cardholder_status: r.holder_status,
    cardholder_verification: r.holder_verification,
    program_id: r.program_id,
    last4: r.last4,
    exp_month: r.exp_month,
    exp_year: r.exp_year,
    controls: fromJson(r.spending_controls),
    kind: r.kind,
    currency: r.currency,
    timezone: r.timezone,
    week_starts_on: r.week_starts_on,
    caps,
    fees,
    funding: {
      card_id: r.id,
      account_id: r.account_id,
      kind: r.kind,
      currency: r.currency,
      caps,
      fees,
      company_id: companyOf(r.kind, r.holder_type, r.cardholder_id, r.company_id),
    },
    fundsRow:
      r.la_id === null
        ? null
        : {
            id: r.la_id,
            code: r.la_code as string,
            owner_id: r.la_owner,
            currency: r.la_currency as string,
            flags: r.la_flags as number,
            credit_limit: r.la_credit_limit,
            debits_pending: r.la_dp as number,
            debits_posted: r.la_dP as number,
            credits_pending: r.la_cp as number,
            credits_posted: r.la_cP as number,
            created_at: r.la_created as string,
          },
    risk: {
      status: r.status,
      fingerprint: r.fingerprint,
      createdAt: r.created_at,
      activatedAt: r.activated_at,
      replacementFor: r.replacement_for,
      timezone: r.timezone,
      currency: r.currency,
    },
  };
}

const byId = new Prepared(1, (db, id: string) => baseQuery(db).where('cards.id', '=', id));

export async function cardContextById(db: Db, id: string): Promise<CardContext | undefined> {
  const [row] = (await byId.execute(db, id)) as Joined[];
  return row ? toContext(row) : undefined;
}

/**
 * By the keyed fingerprint of the number (the number itself is never in a query). A kept-number
 * replacement shares the fingerprint: prefer the matching expiry, then a card not canceled, then
 * the newest (as cards/card-repo.ts findCardByNumber does).
 */
export async function cardContextByFingerprint(db: Db, fingerprint: string, expiry?: { month: number; year: number }): Promise<CardContext | undefined> {
  const rows = await baseQuery(db).where('cards.fingerprint', '=', fingerprint).orderBy('cards.id', 'desc').execute();
  if (rows.length <= 1) return rows[0] ? toContext(rows[0]) : undefined;
  const score = (r: Joined): number => (expiry && r.exp_month === expiry.month && r.exp_year === expiry.year ? 2 : 0) + (r.status !== 'canceled' ? 1 : 0);
  return toContext([...rows].sort((a, b) => score(b) - score(a))[0]!);
}
