import { sql, type Kysely } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import { DatabaseOpenError } from './open-sqlite.js';

/**
 * Migrations are registered statically (bundles cannot import migration files at run time) and
 * frozen: once released, a migration never changes; a change is a new migration. Each one runs in
 * its own transaction, so a failure leaves the database as it was.
 */
export async function migrateToLatest(db: Kysely<any>, path: string): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS kartu_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(db);
  const applied = new Set(
    (await db.selectFrom('kartu_migrations').select('name').execute()).map((row: { name: string }) => row.name),
  );
  const unknown = unknownMigrations([...applied]);
  if (unknown.length > 0) throw newerDatabaseError(path, unknown[0] as string);
  const ran: string[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx);
      await trx.insertInto('kartu_migrations').values({ name: migration.name, applied_at: new Date().toISOString() }).execute();
    });
    ran.push(migration.name);
  }
  return ran;
}

export function unknownMigrations(applied: string[]): string[] {
  const known = new Set(MIGRATIONS.map((migration) => migration.name));
  return applied.filter((name) => !known.has(name));
}

export function newerDatabaseError(path: string, migration: string): DatabaseOpenError {
  return new DatabaseOpenError(
    path,
    `${path} was written by a newer version of Kartu (it has migration ${migration}, which this version does not know). ` +
      'Nothing was changed. Update Kartu, or open a backup made with this version.',
  );
}
