import BetterSqlite3 from 'better-sqlite3';

/** One run method of a prepared statement (run, get, all or iterate). */
type StatementMethod = (this: BetterSqlite3.Statement, ...parameters: unknown[]) => unknown;

/**
 * For benches that measure a floor at the driver (writes skipped, time inside SQLite): every
 * statement prepared while installed has its methods passed through `wrap`, which may call the
 * original or answer instead. Install it before the engine opens: the engine caches its
 * statements. Returns the function that uninstalls it.
 */
export function hookStatements(
  wrap: (sql: string, method: 'run' | 'get' | 'all' | 'iterate', original: StatementMethod) => StatementMethod | undefined,
): () => void {
  const prototype = BetterSqlite3.prototype as unknown as { prepare(this: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement };
  const prepare = prototype.prepare;
  prototype.prepare = function (this: BetterSqlite3.Database, sql: string) {
    const statement = prepare.call(this, sql) as unknown as Record<string, StatementMethod>;
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const wrapped = wrap(sql, method, statement[method]!);
      if (wrapped) statement[method] = wrapped;
    }
    return statement as unknown as BetterSqlite3.Statement;
  };
  return () => {
    prototype.prepare = prepare;
  };
}

/** A switch that, while `skip` is on, answers the writes `skips` names without running them. */
export interface WriteSwitch {
  skip: boolean;
  /** Writes skipped so far. */
  skipped: number;
  restore(): void;
}

/**
 * Installs a WriteSwitch: `skips(sql)` says whether a statement's runs are candidates, and
 * `skipsRun(parameters)` (default: all) which of its runs are skipped.
 */
export function installWriteSwitch(skips: (sql: string) => boolean, skipsRun: (sql: string, parameters: unknown[]) => boolean = () => true): WriteSwitch {
  const state: WriteSwitch = { skip: false, skipped: 0, restore: () => {} };
  state.restore = hookStatements((sql, method, original) => {
    if (method !== 'run' || !skips(sql)) return undefined;
    return function (this: unknown, ...parameters: unknown[]) {
      if (!state.skip || !skipsRun(sql, parameters)) return original.apply(this as never, parameters);
      state.skipped++;
      return { changes: 1, lastInsertRowid: 0 };
    };
  });
  return state;
}
