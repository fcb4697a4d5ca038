import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Whether another connection (a running app, `serve`, a CLI command) has this database open. There
 * is no lock file: every open WAL connection holds a shared lock for as long as it is open, so
 * asking for an exclusive lock without waiting answers the question (SQLite-specific, like
 * db/open-sqlite.ts; on a database server a restore is the server's own tool's job).
 */
export function databaseInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const probe = new BetterSqlite3(path, { fileMustExist: true });
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    try {
      probe.exec('BEGIN EXCLUSIVE');
      probe.exec('COMMIT');
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY' || (error as { code?: string }).code === 'SQLITE_LOCKED') return true;
      throw error;
    }
  } finally {
    probe.close();
  }
}
