import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * The file this database lives in, when it is a SQLite file (null in memory or on another database
 * server). The PCI checklist uses it to find the data directory and its key file; everything else in
 * the checklist is portable.
 */
export async function databaseFile(db: Db): Promise<string | null> {
  try {
    const result = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db);
    const main = result.rows.find((row) => row.name === 'main');
    return main?.file ? main.file : null;
  } catch {
    return null;
  }
}
