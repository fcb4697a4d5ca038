/**
 * What a write changed of the state that authorization sessions remember between commits (cards'
 * contexts, funds accounts, window counters, risk state), so that the authorization queue can
 * forget just that and keep the rest of its session, instead of starting cold after every write
 * it did not make itself. A shop's counter captures as often as it authorizes: without this, each
 * capture, refund or top-up made the next batch read every card, counter and balance again.
 *
 * Two sources fill a journal:
 * - the two places that write ledger accounts and window counters (ledger-batch.ts,
 *   usage-counters.ts) record the ids they changed, whenever a journal is open on the transaction;
 * - the command itself names the cards whose rows or risk state it changed (`Operation.changesCards`).
 * A command that does not declare itself opens no journal, and the queue starts afresh after it.
 */
export interface TouchedState {
  /** Ledger account ids whose balances changed. */
  readonly ledgerAccounts: Set<string>;
  /** Window-counter account ids (cards.account_id) whose counters changed. */
  readonly usageAccounts: Set<string>;
  /** Cards whose row, cardholder, funds or risk state changed. */
  readonly cards: Set<string>;
}

/**
 * A committed (or rolled back) write with the database's write stamp just before and just after
 * it, the connection held between the two: a cache made exactly at `before` is true at `after`
 * once it forgets what `touched` names.
 */
export interface DeclaredWrite {
  before: string;
  after: string;
  touched: TouchedState;
}

export function emptyTouched(): TouchedState {
  return { ledgerAccounts: new Set(), usageAccounts: new Set(), cards: new Set() };
}

/**
 * The journals of the declared transactions running now, process-wide rather than per transaction
 * handle: a write made through another handle to the same connection (a plugin's copy of the
 * transaction) must not escape. Every write is recorded in every open journal. While a declared
 * transaction holds its connection no other write reaches that database from this process, so
 * what a journal records beyond its own transaction's writes belongs to the other database
 * (sandbox or live) and only makes a queue forget more than it had to.
 */
const opened = new Set<TouchedState>();

/** Runs `work` with a journal open; the writers below record into it. */
export async function withJournal<T>(work: (touched: TouchedState) => Promise<T>): Promise<T> {
  const touched = emptyTouched();
  opened.add(touched);
  try {
    return await work(touched);
  } finally {
    opened.delete(touched);
  }
}

/** The writers' hook: ledger accounts whose balances changed. */
export function journalLedgerAccount(id: string): void {
  if (opened.size > 0) for (const journal of opened) journal.ledgerAccounts.add(id);
}

/**
 * The writers' hook: cards whose context changed through something other than the card row (a
 * cardholder's status, company or contact details), named by the command that changed it.
 */
export function journalCards(ids: Iterable<string>): void {
  if (opened.size === 0) return;
  for (const id of ids) for (const journal of opened) journal.cards.add(id);
}

/** The writers' hook: window-counter accounts whose counters changed. */
export function journalUsageAccount(id: string): void {
  if (opened.size > 0) for (const journal of opened) journal.usageAccounts.add(id);
}

/** Who hears of declared writes (the authorization queue), for one database. */
export class DeclaredWrites {
  private readonly listeners = new Set<(write: DeclaredWrite) => void>();

  on(listener: (write: DeclaredWrite) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  declare(write: DeclaredWrite): void {
    for (const listener of this.listeners) listener(write);
  }
}

/** How a database tells its decision caches about declared writes (EngineServices.writes). */
export interface WriteNotices {
  /** The database's write stamp now (OpenedDatabase.writeStamp). */
  stamp(): string;
  declared: DeclaredWrites;
}

interface TransactionRunner<Trx> {
  transaction(): { execute<T>(work: (trx: Trx) => Promise<T>): Promise<T> };
}

/**
 * Inside a transaction that holds its connection: runs \`work\` with a journal open and declares
 * the write, stamped just before and just after it. \`work\` may add the cards it changed to the
 * journal. Declared before COMMIT: if the COMMIT then fails, the data is as it was at \`before\`,
 * and a cache only forgot more than it had to.
 */
export async function declaredWrite<T>(writes: WriteNotices, work: (touched: TouchedState) => Promise<T>): Promise<T> {
  const before = writes.stamp();
  return withJournal(async (touched) => {
    const value = await work(touched);
    writes.declared.declare({ before, after: writes.stamp(), touched });
    return value;
  });
}

/**
 * One transaction declared as touching nothing an authorization session remembers, beyond what
 * the journal records by itself (ledger balances, window counters): for background writers whose
 * tables no decision reads (webhook deliveries, the network outbox), which would otherwise end the
 * authorization queue's session every time they run. Without \`writes\` (no engine services), a
 * plain transaction.
 */
export async function neutralTransaction<Trx, T>(db: TransactionRunner<Trx>, writes: WriteNotices | undefined, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => (writes ? declaredWrite(writes, () => work(trx)) : work(trx)));
}

let rollbacks = 0;

/**
 * Counts rollbacks (of a command's savepoint in a batch, or of a whole transaction), process-wide.
 * A rolled-back write leaves the write stamp where a cache made inside it would expect it (its
 * changed rows were counted), yet the rows are gone: a cache kept from inside a transaction
 * (decide-many.ts) is only true while this count has not moved.
 */
export function noteRollback(): void {
  rollbacks++;
}

export function rollbackCount(): number {
  return rollbacks;
}
