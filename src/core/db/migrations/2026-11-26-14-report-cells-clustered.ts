import { sql, type Kysely } from 'kysely';

/**
 * Frozen: the report rollups stored in their key's order (measured on 10M ledger entries).
 *
 * A report reads a range of a rollup's key (a program, a grain, a few buckets, maybe a branch) and
 * sums the measures. In a table with a separate primary key index every row found costs a second
 * look-up into the table for its measures: a card ranking over a year is some 100,000 of them. The
 * rollups become clustered tables (SQLite WITHOUT ROWID; a covering primary key elsewhere): the
 * rows of a range sit together, one seek and a sequential read, and each upsert of the write path
 * touches one b-tree instead of two. Same columns, same keys, same rows (copied).
 */
const ROLLUPS: Record<string, readonly string[]> = {
  report_spend_cells: ['program_id', 'grain', 'bucket', 'place', 'merchant_key', 'mcc', 'tier', 'is_foreign', 'approved', 'decline_reason', 'stand_in', 'risk_flag'],
  report_day_cells: ['program_id', 'grain', 'bucket', 'is_foreign', 'approved', 'decline_reason', 'stand_in', 'risk_flag'],
  report_heat_cells: ['program_id', 'grain', 'bucket', 'place', 'tier', 'weekday', 'hour'],
  report_card_cells: ['program_id', 'grain', 'bucket', 'place', 'mcc', 'card_id', 'tier'],
};

export async function up(db: Kysely<any>): Promise<void> {
  const tables = await db.introspection.getTables();
  for (const [name, key] of Object.entries(ROLLUPS)) {
    const table = tables.find((t) => t.name === name);
    if (!table) throw new Error(`migration 2026-11-26-14: table ${name} is missing`);
    const next = `${name}_clustered`;
    let create = db.schema.createTable(next);
    for (const column of table.columns) {
      const type = column.dataType.toLowerCase() === 'integer' ? 'integer' : 'text';
      create = create.addColumn(column.name, type, (c) => (column.isNullable ? c : c.notNull()));
    }
    await create.addPrimaryKeyConstraint(`${name}_pk`, [...key] as never[]).modifyEnd(sql`WITHOUT ROWID`).execute();
    const columns = sql.join(table.columns.map((c) => sql.ref(c.name)));
    await sql`INSERT INTO ${sql.table(next)} (${columns}) SELECT ${columns} FROM ${sql.table(name)}`.execute(db);
    await db.schema.dropTable(name).execute();
    await db.schema.alterTable(next).renameTo(name).execute();
  }
}
