import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { MIGRATIONS } from '../db/migrations/index.js';

/**
 * For migration tests: a database file as an older Kartu left it, filled with rows real commands
 * wrote (by a current engine), to be opened by the current code, which then runs the migrations
 * the file lacks.
 */

/** Creates `path` with every migration before `before` applied (recorded as applied at `appliedAt`). */
export async function databaseBefore(path: string, before: string, appliedAt: Date): Promise<void> {
  if (!MIGRATIONS.some((migration) => migration.name === before)) throw new Error(`no migration named ${before}`);
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  await db.schema.createTable('kartu_migrations').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('applied_at', 'text', (c) => c.notNull()).execute();
  for (const migration of MIGRATIONS) {
    if (migration.name === before) break;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx);
      await trx.insertInto('kartu_migrations').values({ name: migration.name, applied_at: appliedAt.toISOString() }).execute();
    });
  }
  await db.destroy();
}

/**
 * Copies every row of every table of `fromPath` into the same tables of `toPath` (for migrations
 * that change no column), then checks the foreign keys. Returns the violations found (none, when
 * the rows fit).
 */
export function copyRowsInto(fromPath: string, toPath: string): unknown[] {
  const to = new BetterSqlite3(toPath);
  try {
    to.pragma('foreign_keys = OFF');
    to.prepare('ATTACH DATABASE ? AS src').run(fromPath);
    const tables = (to.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'kartu_migrations'").all() as Array<{ name: string }>).map((t) => t.name);
    to.transaction(() => {
      for (const table of tables) {
        const columns = (to.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as Array<{ name: string }>).map((c) => `"${c.name}"`).join(', ');
        to.exec(`DELETE FROM main."${table}"; INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM src."${table}"`);
      }
    })();
    const violations = to.prepare('PRAGMA main.foreign_key_check').all();
    to.exec('DETACH DATABASE src');
    return violations;
  } finally {
    to.close();
  }
}
