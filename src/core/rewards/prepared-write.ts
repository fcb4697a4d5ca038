import type { Compilable, CompiledQuery, Kysely } from 'kysely';

const PREFIX = '\u0000kartu_write_';

/**
 * A write built once with kysely's builder, compiled by the database's own dialect and run with new
 * values, that answers how many rows it changed (ledger/prepared.ts's Prepared answers rows only).
 * An insert that must find out whether it was ignored (ON CONFLICT DO NOTHING) asks this instead of
 * adding RETURNING, which costs SQLite more than the insert itself on the purchase path.
 */
export class PreparedWrite<Args extends readonly unknown[]> {
  private compiled: CompiledQuery | null = null;
  private slots: number[] = [];

  constructor(
    private readonly arity: number,
    private readonly build: (db: Kysely<any>, ...args: Args) => Compilable<unknown>,
  ) {}

  private compile(db: Kysely<any>): CompiledQuery {
    if (this.compiled) return this.compiled;
    const sentinels = Array.from({ length: this.arity }, (_, i) => `${PREFIX}${i}`) as unknown as Args;
    const compiled = this.build(db, ...sentinels).compile();
    const slots = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(PREFIX) ? Number(p.slice(PREFIX.length)) : -1));
    if (slots.includes(-1) || new Set(slots).size !== this.arity) throw new Error('a prepared write must bind every argument exactly once, and nothing else');
    this.slots = slots;
    this.compiled = compiled;
    return compiled;
  }

  /** Rows changed. */
  async execute(db: Kysely<any>, ...args: Args): Promise<number> {
    const compiled = this.compile(db);
    const result = await db.executeQuery({ ...compiled, parameters: this.slots.map((slot) => args[slot]) });
    return Number(result.numAffectedRows ?? 0n);
  }
}
