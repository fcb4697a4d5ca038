import type { Db } from '../db/database.js';

export interface LedgerCheckResult {
  object: 'ledger_check';
  ok: boolean;
  accounts: number;
  transfers: number;
  /** Per currency: the sums over all accounts, which must match side by side. */
  totals: Record<string, { debits_posted: number; credits_posted: number; debits_pending: number; credits_pending: number }>;
  problems: string[];
}

type Sums = { debits_posted: number; credits_posted: number; debits_pending: number; credits_pending: number };
const zero = (): Sums => ({ debits_posted: 0, credits_posted: 0, debits_pending: 0, credits_pending: 0 });

/** Caps what a report lists: a badly broken ledger should still produce a readable answer. */
const MAX_PROBLEMS = 100;

/**
 * Re-derives every account's balances from the immutable transfers and compares them with the
 * balances kept on the accounts; checks that debits equal credits per currency, that every post or
 * void resolves a pending transfer of the same accounts once and for no more than it held.
 */
export async function checkLedger(db: Db): Promise<LedgerCheckResult> {
  const problems: string[] = [];
  const note = (problem: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const accounts = await db.selectFrom('ledger_accounts').selectAll().execute();
  const derived = new Map<string, Sums>();
  const get = (id: string): Sums => {
    let sums = derived.get(id);
    if (!sums) derived.set(id, (sums = zero()));
    return sums;
  };

  const posted = await db
    .selectFrom('ledger_transfers')
    .select(['debit_account_id', 'credit_account_id', 'currency'])
    .select((eb) => eb.fn.sum<number>('amount').as('total'))
    .where('kind', 'in', ['posted', 'post_pending'])
    .groupBy(['debit_account_id', 'credit_account_id', 'currency'])
    .execute();
  for (const row of posted) {
    get(row.debit_account_id).debits_posted += Number(row.total);
    get(row.credit_account_id).credits_posted += Number(row.total);
  }
  // Holds still open: pending transfers that no post or void names.
  const open = await db
    .selectFrom('ledger_transfers as p')
    .leftJoin('ledger_transfers as r', 'r.pending_id', 'p.id')
    .select(['p.debit_account_id', 'p.credit_account_id'])
    .select((eb) => eb.fn.sum<number>('p.amount').as('total'))
    .where('p.kind', '=', 'pending')
    .where('r.id', 'is', null)
    .groupBy(['p.debit_account_id', 'p.credit_account_id'])
    .execute();
  for (const row of open) {
    get(row.debit_account_id).debits_pending += Number(row.total);
    get(row.credit_account_id).credits_pending += Number(row.total);
  }

  const totals: LedgerCheckResult['totals'] = {};
  const known = new Set<string>();
  for (const account of accounts) {
    known.add(account.id);
    const sums = derived.get(account.id) ?? zero();
    for (const key of ['debits_posted', 'credits_posted', 'debits_pending', 'credits_pending'] as const) {
      if (sums[key] !== account[key]) note(`${account.id}: ${key} is ${account[key]} but its transfers give ${sums[key]}`);
    }
    if (account.flags & 1 && account.debits_pending + account.debits_posted > account.credits_posted) {
      note(`${account.id}: debits exceed credits on an account that must not be overdrawn`);
    }
    const total = (totals[account.currency] ??= zero());
    total.debits_posted += account.debits_posted;
    total.credits_posted += account.credits_posted;
    total.debits_pending += account.debits_pending;
    total.credits_pending += account.credits_pending;
  }
  for (const id of derived.keys()) if (!known.has(id)) note(`transfers name an unknown account ${id}`);
  for (const [currency, total] of Object.entries(totals)) {
    if (total.debits_posted !== total.credits_posted) note(`${currency}: posted debits ${total.debits_posted} differ from posted credits ${total.credits_posted}`);
    if (total.debits_pending !== total.credits_pending) note(`${currency}: pending debits ${total.debits_pending} differ from pending credits ${total.credits_pending}`);
  }

  // Every resolution matches its pending transfer: same accounts, no more than was held.
  const resolutions = await db
    .selectFrom('ledger_transfers as r')
    .leftJoin('ledger_transfers as p', 'p.id', 'r.pending_id')
    .select(['r.id', 'r.kind', 'r.amount', 'r.debit_account_id', 'r.credit_account_id', 'p.kind as p_kind', 'p.amount as p_amount', 'p.debit_account_id as p_debit', 'p.credit_account_id as p_credit'])
    .where('r.kind', 'in', ['post_pending', 'void_pending'])
    .execute();
  for (const r of resolutions) {
    if (r.p_kind !== 'pending') note(`${r.id} resolves ${r.p_kind ?? 'nothing'}, not a pending transfer`);
    else if (r.debit_account_id !== r.p_debit || r.credit_account_id !== r.p_credit) note(`${r.id} resolves a hold between other accounts`);
    else if (r.kind === 'post_pending' && r.amount > (r.p_amount ?? 0)) note(`${r.id} posts ${r.amount}, more than the ${r.p_amount} held`);
    else if (r.kind === 'void_pending' && r.amount !== r.p_amount) note(`${r.id} voids ${r.amount}, not the ${r.p_amount} held`);
  }
  const transfers = await db.selectFrom('ledger_transfers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { object: 'ledger_check', ok: problems.length === 0, accounts: accounts.length, transfers: Number(transfers.n), totals, problems };
}
