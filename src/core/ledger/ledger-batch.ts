import type { Db } from '../db/database.js';
import type { Clock } from '../kernel/clock.js';
import type { IdGenerator } from '../kernel/ids.js';
import { invalid, KartuError } from '../kernel/errors.js';
import { journalLedgerAccount } from '../db/write-journal.js';
import { FLAG_DEBITS_MUST_NOT_EXCEED_CREDITS, availableOf, type AccountSpec } from './accounts.js';
import type { LedgerAccountRow, LedgerTransferRow } from './tables.js';
import { Prepared, PreparedInsert } from './prepared.js';

const insertTransfer = new PreparedInsert<LedgerTransferRow>('ledger_transfers', [
  'id', 'kind', 'code', 'debit_account_id', 'credit_account_id', 'amount', 'currency', 'pending_id', 'authorization_id', 'reference_id', 'created_at',
]);
const accountById = new Prepared(1, (db: Db, id: string) => db.selectFrom('ledger_accounts').selectAll().where('id', '=', id));
const addToAccount = new Prepared(5, (db: Db, id: string, dp: number, dP: number, cp: number, cP: number) =>
  db
    .updateTable('ledger_accounts')
    .set((eb) => ({
      debits_pending: eb('debits_pending', '+', dp),
      debits_posted: eb('debits_posted', '+', dP),
      credits_pending: eb('credits_pending', '+', cp),
      credits_posted: eb('credits_posted', '+', cP),
    }))
    .where('id', '=', id),
);

export type TransferKind = 'posted' | 'pending' | 'post_pending' | 'void_pending';

/** Why money moved; kept on every transfer so statements and reports can group lines. */
export type TransferCode =
  | 'top_up' | 'withdrawal' | 'company_funding' | 'credit_grant' | 'credit_payment'
  | 'purchase' | 'fx_leg' | 'refund' | 'fee_transaction' | 'fee_fx' | 'fee_issuance' | 'fee_monthly' | 'hold_release';

export interface TransferInput {
  debit: string;
  credit: string;
  amount: number;
  code: TransferCode;
  authorizationId?: string | null;
  referenceId?: string | null;
}

/** A broken ledger invariant: a bug, never a user's mistake. It aborts the write. */
export class LedgerInvariantError extends Error {
  override name = 'LedgerInvariantError';
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new LedgerInvariantError(message);
}

interface CachedAccount {
  row: LedgerAccountRow;
  /** Not yet in the database: inserted at flush. */
  isNew: boolean;
  delta: { debits_pending: number; debits_posted: number; credits_pending: number; credits_posted: number };
}

const INSERT_CHUNK = 200;

/**
 * The ledger's write path, TigerBeetle style: transfers debit one account and credit another for
 * the same amount and currency; pending transfers (holds) are later posted (fully or in part, the
 * rest released) or voided, each exactly once; transfers are never changed.
 *
 * Work is staged in memory and written by `flush()` inside the caller's transaction, so many
 * decisions can share one commit: balances are read once and kept current in memory, new rows go
 * in with multi-row inserts and each touched account gets one relative update. `savepoint()` /
 * `rollback()` undo a staged decision in memory (a decision that fails leaves no trace).
 */
export class LedgerBatch {
  private readonly accounts = new Map<string, CachedAccount>();
  private readonly transfers: LedgerTransferRow[] = [];
  /** Pending transfers created or loaded in this batch, and the ones resolved in it. */
  private readonly pendings = new Map<string, LedgerTransferRow>();
  private readonly resolved = new Set<string>();
  private undo: Array<() => void> = [];
  /** Accounts whose balances this batch wrote since it was bound: its cache of them is the database's. */
  readonly written = new Set<string>();

  constructor(
    private db: Db,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  /**
   * Binds the next transaction to a batch that flushed and committed its work: the balances it
   * holds are the database's. Holds are looked up afresh (they are resolved by other commands).
   */
  rebind(db: Db): void {
    assert(this.transfers.length === 0, 'rebind after flush only');
    this.db = db;
    this.written.clear();
    this.pendings.clear();
    this.resolved.clear();
    this.undo = [];
  }

  savepoint(): number {
    return this.undo.length;
  }

  rollback(to: number): void {
    while (this.undo.length > to) this.undo.pop()!();
  }

  /** Forget the undo log once the staged work is kept (bounds memory in long batches). */
  release(): void {
    this.undo = [];
  }

  /** Seed the cache with a row read elsewhere (e.g. joined with the card), saving a query. */
  prime(row: LedgerAccountRow): void {
    if (!this.accounts.has(row.id)) this.accounts.set(row.id, { row: { ...row }, isNew: false, delta: zeroDelta() });
  }

  /** Another write changed this account's balances: read it again when next needed. */
  forget(id: string): void {
    const cached = this.accounts.get(id);
    assert(!cached || (cached.delta.debits_pending === 0 && cached.delta.debits_posted === 0 && cached.delta.credits_pending === 0 && cached.delta.credits_posted === 0), 'forget with nothing staged only');
    this.accounts.delete(id);
  }

  /** Marks an account known to be absent, so `find` does not ask the database again. */
  async find(id: string): Promise<LedgerAccountRow | undefined> {
    const cached = this.accounts.get(id);
    if (cached) return cached.row;
    const [row] = (await accountById.execute(this.db, id)) as LedgerAccountRow[];
    if (!row) return undefined;
    this.accounts.set(id, { row, isNew: false, delta: zeroDelta() });
    return row;
  }

  /** The account, created (staged) when missing. Returns whether it was created. */
  async open(spec: AccountSpec): Promise<{ row: LedgerAccountRow; created: boolean }> {
    const existing = await this.find(spec.id);
    if (existing) {
      assert(existing.currency === spec.currency, `account ${spec.id} is in ${existing.currency}, not ${spec.currency}`);
      return { row: existing, created: false };
    }
    const row: LedgerAccountRow = {
      ...spec,
      debits_pending: 0,
      debits_posted: 0,
      credits_pending: 0,
      credits_posted: 0,
      created_at: this.clock.now().toISOString(),
    };
    this.accounts.set(spec.id, { row, isNew: true, delta: zeroDelta() });
    this.undo.push(() => this.accounts.delete(spec.id));
    return { row, created: true };
  }

  available(id: string): number {
    const cached = this.accounts.get(id);
    return cached ? availableOf(cached.row) : 0;
  }

  /** A posted transfer: money moves now. */
  transfer(input: TransferInput): LedgerTransferRow {
    return this.stage('posted', input, null);
  }

  /** A hold: reserves `amount` on both accounts until posted or voided. */
  pending(input: TransferInput): LedgerTransferRow {
    return this.stage('pending', input, null);
  }

  /** Posts `amount` (default all) of a pending transfer; whatever is not posted is released. */
  async post(pendingId: string, amount?: number, referenceId?: string | null): Promise<LedgerTransferRow> {
    const pending = await this.loadPending(pendingId);
    const posted = amount ?? pending.amount;
    assert(Number.isSafeInteger(posted) && posted >= 0 && posted <= pending.amount, `post of ${posted} exceeds pending ${pending.amount} of ${pendingId}`);
    return this.stage('post_pending', {
      debit: pending.debit_account_id,
      credit: pending.credit_account_id,
      amount: posted,
      code: pending.code as TransferCode,
      authorizationId: pending.authorization_id,
      referenceId: referenceId ?? null,
    }, pending);
  }

  /** Voids a pending transfer: its whole amount is released. */
  async void(pendingId: string, referenceId?: string | null): Promise<LedgerTransferRow> {
    const pending = await this.loadPending(pendingId);
    return this.stage('void_pending', {
      debit: pending.debit_account_id,
      credit: pending.credit_account_id,
      amount: pending.amount,
      code: pending.code as TransferCode,
      authorizationId: pending.authorization_id,
      referenceId: referenceId ?? null,
    }, pending);
  }

  private async loadPending(id: string): Promise<LedgerTransferRow> {
    let pending = this.pendings.get(id);
    if (!pending) {
      pending = await this.db.selectFrom('ledger_transfers').selectAll().where('id', '=', id).executeTakeFirst();
      if (!pending) throw new LedgerInvariantError(`no pending transfer ${id}`);
      const resolution = await this.db.selectFrom('ledger_transfers').select('id').where('pending_id', '=', id).executeTakeFirst();
      if (resolution) this.resolved.add(id);
      this.pendings.set(id, pending);
      await this.find(pending.debit_account_id);
      await this.find(pending.credit_account_id);
    }
    assert(pending.kind === 'pending', `${id} is not a pending transfer`);
    if (this.resolved.has(id)) {
      throw invalid('transfer_already_resolved', `The hold ${id} was already posted or voided; a hold resolves exactly once.`, 'id');
    }
    return pending;
  }

  private stage(kind: TransferKind, input: TransferInput, pending: LedgerTransferRow | null): LedgerTransferRow {
    const debit = this.accounts.get(input.debit);
    const credit = this.accounts.get(input.credit);
    assert(debit && credit, `accounts ${input.debit} / ${input.credit} must be opened before a transfer`);
    assert(input.debit !== input.credit, 'a transfer needs two different accounts');
    assert(debit.row.currency === credit.row.currency, `currency mismatch ${debit.row.currency} / ${credit.row.currency}`);
    assert(Number.isSafeInteger(input.amount) && input.amount >= 0, `amount ${input.amount} must be a non-negative safe integer`);
    assert(kind === 'post_pending' || kind === 'void_pending' || input.amount > 0, 'a transfer moves a positive amount');
    const d = { debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 0 };
    const c = { debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 0 };
    if (kind === 'posted') {
      d.debits_posted = input.amount;
      c.credits_posted = input.amount;
    } else if (kind === 'pending') {
      d.debits_pending = input.amount;
      c.credits_pending = input.amount;
    } else {
      assert(pending, 'a post or void names its pending transfer');
      d.debits_pending = -pending.amount;
      c.credits_pending = -pending.amount;
      if (kind === 'post_pending') {
        d.debits_posted = input.amount;
        c.credits_posted = input.amount;
      }
    }
    if (debit.row.flags & FLAG_DEBITS_MUST_NOT_EXCEED_CREDITS && (kind === 'posted' || kind === 'pending')) {
      if (availableOf(debit.row) < input.amount) {
        throw new KartuError({
          type: 'invalid_request_error',
          code: 'insufficient_funds',
          message: `Account ${debit.row.id} has ${availableOf(debit.row)} available, less than ${input.amount}.`,
        });
      }
    }
    const row: LedgerTransferRow = {
      id: this.ids.next('tr'),
      kind,
      code: input.code,
      debit_account_id: input.debit,
      credit_account_id: input.credit,
      amount: input.amount,
      currency: debit.row.currency,
      pending_id: pending ? pending.id : null,
      authorization_id: input.authorizationId ?? null,
      reference_id: input.referenceId ?? null,
      created_at: this.clock.now().toISOString(),
    };
    apply(debit, d, 1);
    apply(credit, c, 1);
    this.transfers.push(row);
    if (kind === 'pending') this.pendings.set(row.id, row);
    if (pending) this.resolved.add(pending.id);
    this.undo.push(() => {
      apply(debit, d, -1);
      apply(credit, c, -1);
      this.transfers.pop();
      if (kind === 'pending') this.pendings.delete(row.id);
      if (pending) this.resolved.delete(pending.id);
    });
    return row;
  }

  get stagedTransfers(): readonly LedgerTransferRow[] {
    return this.transfers;
  }

  /** Writes everything staged, in the caller's transaction, then starts afresh. */
  async flush(): Promise<void> {
    const fresh = [...this.accounts.values()].filter((a) => a.isNew);
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      // Inserted with zero balances; the relative update below adds the batch's movements, the
      // same way as for existing accounts.
      await this.db
        .insertInto('ledger_accounts')
        .values(fresh.slice(i, i + INSERT_CHUNK).map((a) => ({ ...a.row, debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 0 })))
        .execute();
    }
    for (const transfer of this.transfers) await insertTransfer.execute(this.db, transfer);
    for (const account of this.accounts.values()) {
      const { delta } = account;
      if (delta.debits_pending === 0 && delta.debits_posted === 0 && delta.credits_pending === 0 && delta.credits_posted === 0) continue;
      journalLedgerAccount(account.row.id);
      this.written.add(account.row.id);
      await addToAccount.execute(this.db, account.row.id, delta.debits_pending, delta.debits_posted, delta.credits_pending, delta.credits_posted);
      account.delta = zeroDelta();
      account.isNew = false;
    }
    for (const account of fresh) account.isNew = false;
    this.transfers.length = 0;
    this.undo = [];
  }
}

function zeroDelta(): CachedAccount['delta'] {
  return { debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 0 };
}

function apply(account: CachedAccount, d: CachedAccount['delta'], sign: 1 | -1): void {
  for (const key of ['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'] as const) {
    account.row[key] += sign * d[key];
    account.delta[key] += sign * d[key];
  }
}
