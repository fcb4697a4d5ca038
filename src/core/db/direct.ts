/**
 * A shortcut for the hot paths' prepared queries (ledger/prepared.ts, risk/prepared.ts): run an
 * already compiled statement on the connection a transaction holds, without the query builder's
 * per-query machinery (connection hand-over, promises, result transforms), which costs several
 * times what SQLite takes to run a small statement.
 *
 * It is only offered inside a transaction the caller bound with `bindDirect`, because only there is
 * the connection known to be this caller's: outside one, another flow may be in the middle of its
 * own transaction, and the builder's connection hand-over is what keeps them apart. A dialect
 * without a shortcut registers none, and the queries go through the builder as before.
 */
export interface DirectExecutor {
  /** Rows for a statement that returns rows; an empty array for one that does not. */
  execute(sql: string, parameters: readonly unknown[]): unknown[];
}

const byRoot = new WeakMap<object, DirectExecutor>();
const byTransaction = new WeakMap<object, DirectExecutor>();

/** Called by the dialect's opener for its root database handle. */
export function registerDirect(root: object, executor: DirectExecutor): void {
  byRoot.set(root, executor);
}

/** Inside `root.transaction().execute(trx => ...)`: lets prepared queries on `trx` take the shortcut. */
export function bindDirect(root: object, trx: object): void {
  const executor = byRoot.get(root);
  if (executor) byTransaction.set(trx, executor);
}

export function directFor(db: object): DirectExecutor | undefined {
  return byTransaction.get(db);
}
