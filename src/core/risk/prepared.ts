import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from '../db/database.js';
import { directFor } from '../db/direct.js';

/**
 * Queries on the authorization's hot path are built ONCE with kysely's portable builder and then
 * run with new values: building and compiling a query costs more than SQLite running it. The
 * builder gets placeholders (`p(i)`), which are found in the compiled parameters and replaced by
 * the call's values; constants in the query stay as built. Compiled per dialect (the SQL differs).
 */
type Slot = { param: number } | { constant: unknown };

interface Compiled {
  query: CompiledQuery;
  slots: Slot[];
}

const MARK = '\u0001kartu-param-';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Placeholder = (index: number) => any;

export interface Prepared<R> {
  run(db: Db, values: readonly unknown[]): Promise<R[]>;
  /**
   * The same, at once and without a promise, on a transaction bound for the direct shortcut
   * (db/direct.ts); elsewhere undefined, and nothing is run. For paths that stay synchronous
   * when they can (risk scoring and recording in the authorization queue).
   */
  runNow(db: Db, values: readonly unknown[]): R[] | undefined;
}

export function prepared<R>(build: (db: Db, p: Placeholder) => Compilable<R>): Prepared<R> {
  const byDialect = new Map<unknown, Compiled>();
  const p: Placeholder = (index) => `${MARK}${index}`;
  const compiledFor = (db: Db): Compiled => {
    const adapter = db.getExecutor().adapter.constructor;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      const query = build(db, p).compile() as CompiledQuery;
      const slots = query.parameters.map((value): Slot => (typeof value === 'string' && value.startsWith(MARK) ? { param: Number(value.slice(MARK.length)) } : { constant: value }));
      compiled = { query, slots };
      byDialect.set(adapter, compiled);
    }
    return compiled;
  };
  const parametersOf = (compiled: Compiled, values: readonly unknown[]): unknown[] => compiled.slots.map((slot) => ('param' in slot ? values[slot.param] : slot.constant));
  return {
    async run(db, values) {
      const compiled = compiledFor(db);
      const parameters = parametersOf(compiled, values);
      const direct = directFor(db);
      if (direct) return direct.execute(compiled.query.sql, parameters) as R[];
      const result = await db.executeQuery<R>({ ...compiled.query, parameters } as CompiledQuery<R>);
      return result.rows;
    },
    runNow(db, values) {
      const direct = directFor(db);
      if (!direct) return undefined;
      const compiled = compiledFor(db);
      return direct.execute(compiled.query.sql, parametersOf(compiled, values)) as R[];
    },
  };
}
