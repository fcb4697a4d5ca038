import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { directFor } from '../db/direct.js';

const PREFIX = '\u0000kartu_param_';

/**
 * A query built once with kysely's portable builder and compiled by the database's own dialect,
 * then executed many times with new parameter values. Building and compiling a query costs more
 * than SQLite takes to run a small one, and the decision's hot path runs the same few queries for
 * every authorization. Parameters are found by sentinel values, so the builder code stays plain.
 */
export class Prepared<Args extends readonly unknown[], Row> {
  private compiled: CompiledQuery<Row> | null = null;
  private slots: Array<number | null> = [];

  constructor(
    private readonly arity: number,
    private readonly build: (db: Kysely<any>, ...args: Args) => Compilable<Row>,
  ) {}

  private compile(db: Kysely<any>): CompiledQuery<Row> {
    if (this.compiled) return this.compiled;
    const sentinels = Array.from({ length: this.arity }, (_, i) => `${PREFIX}${i}`) as unknown as Args;
    const compiled = this.build(db, ...sentinels).compile();
    this.slots = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(PREFIX) ? Number(p.slice(PREFIX.length)) : null));
    if (new Set(this.slots.filter((s) => s !== null)).size !== this.arity) throw new Error('a prepared query must use every argument exactly once');
    this.compiled = compiled;
    return compiled;
  }

  async execute(db: Kysely<any>, ...args: Args): Promise<Row[]> {
    return this.executeWith(db, args);
  }

  /** `execute` with the arguments in an array the caller made (no rest-parameter copy). */
  async executeWith(db: Kysely<any>, args: Args): Promise<Row[]> {
    const compiled = this.compile(db);
    const given = compiled.parameters;
    const slots = this.slots;
    const parameters = new Array<unknown>(given.length);
    for (let i = 0; i < given.length; i++) {
      const slot = slots[i];
      parameters[i] = slot === null || slot === undefined ? given[i] : args[slot];
    }
    const direct = directFor(db);
    if (direct) return direct.execute(compiled.sql, parameters) as Row[];
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  }
}

/**
 * A prepared single-row insert of `columns` into `table`: with the statement cached, one row per
 * execution costs less than kysely parsing the same row inside a multi-row insert.
 */
export class PreparedInsert<Row extends Record<string, unknown>> {
  private readonly prepared: Prepared<unknown[], unknown>;

  constructor(
    table: string,
    private readonly columns: readonly (keyof Row & string)[],
    onConflict?: (oc: any) => any,
  ) {
    this.prepared = new Prepared(columns.length, (db, ...args) => {
      const values: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        values[column] = args[i];
      });
      const insert = db.insertInto(table).values(values);
      return onConflict ? insert.onConflict(onConflict) : insert;
    });
  }

  async execute(db: Kysely<any>, row: Row): Promise<void> {
    const args = new Array<unknown>(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) args[i] = row[this.columns[i]!];
    await this.prepared.executeWith(db, args);
  }
}
