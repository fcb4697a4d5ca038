import type { OpenedDatabase } from '../db/open-sqlite.js';

/** Pages copied per step: small steps keep the event loop free for the app's own requests. */
const PAGES_PER_STEP = 256;

/**
 * Copies one open database into `destPath` with SQLite's online backup API (the SQLite-specific
 * part of a backup; everything else in this folder is files and checksums).
 *
 * `source` must be a connection of the backup's own, not the engine's: the copy pins one read
 * snapshot (a read transaction held across all steps), so it is consistent as of the moment it
 * starts, other connections keep writing meanwhile (WAL readers do not block writers), and their
 * commits do not restart the copy as they would without the pinned snapshot.
 */
export async function snapshotDatabase(source: OpenedDatabase, destPath: string, pagesPerStep = PAGES_PER_STEP): Promise<{ pages: number }> {
  const sqlite = source.sqlite;
  if (sqlite.inTransaction) throw new Error('snapshotDatabase needs a connection of its own (this one is in a transaction).');
  sqlite.exec('BEGIN');
  try {
    // The read transaction starts at the first read: this is the instant the backup is of.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    const result = await sqlite.backup(destPath, { progress: () => pagesPerStep });
    return { pages: result.totalPages };
  } finally {
    sqlite.exec('COMMIT');
  }
}
