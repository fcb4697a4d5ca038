import { accessSync, constants, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { migrateToLatest, newerDatabaseError, unknownMigrations } from './migrator.js';
import { registerDirect, type DirectExecutor } from './direct.js';
import { startWalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer.js';
import { walSyncFor } from './wal-sync.js';
import { DeclaredWrites, emptyTouched } from './write-journal.js';

/**
 * The one place that knows the database is SQLite: pragmas, the file checks and the driver.
 * Everything above it speaks kysely's portable builder, so the same core can run on PostgreSQL.
 */
export interface OpenedDatabase {
  db: Kysely<Database>;
  sqlite: BetterSqlite3.Database;
  path: string;
  /**
   * Changes whenever anything was written to the database since the last call's value: by this
   * connection (any row changed, committed or rolled back) or by another connection or process.
   * Caches of database state (the authorization queue's) compare it to know they are still true.
   */
  writeStamp(): string;
  /**
   * One transaction whose COMMIT does not wait for the disk; `durable` resolves once it is synced
   * (wal-sync.ts). For the group-commit queue, which answers nobody before `durable`, and goes on
   * deciding the next batch meanwhile. Every other commit stays synchronous=FULL.
   */
  transactionSyncedLater<T>(work: (trx: Transaction<Database>) => Promise<T>, options?: { neutral?: boolean }): Promise<{ value: T; durable: Promise<void> }>;
  /**
   * Writes that say what they changed of the state decision caches remember (write-journal.ts):
   * commands that declare it, and commits made with `neutral: true` here, which promise to touch
   * nothing such a cache depends on (the API's idempotency records). The authorization queue
   * keeps its session across them, forgetting only what they name.
   */
  writes: DeclaredWrites;
  close(): Promise<void>;
}

export class DatabaseOpenError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Refuse a file that exists but is not a SQLite database before the driver touches it. */
function assertLooksLikeSqlite(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    if (read === 0) return; // an empty file: SQLite treats it as a new database
    if (read < 16 || header.toString('latin1') !== SQLITE_HEADER) {
      throw new DatabaseOpenError(
        path,
        `${path} is not a Kartu database (the file is corrupt or of another kind). Nothing was changed. ` +
          'Restore it from a backup, or move it away to start with an empty database.',
      );
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the applied migrations without writing anything, so a database from a newer Kartu is
 * refused before this version touches the file.
 */
function assertNotNewer(path: string): void {
  if (!existsSync(path)) return;
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const table = probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kartu_migrations'").get();
    if (!table) return;
    const applied = (probe.prepare('SELECT name FROM kartu_migrations').all() as Array<{ name: string }>).map((row) => row.name);
    const unknown = unknownMigrations(applied);
    if (unknown.length > 0) throw newerDatabaseError(path, unknown[0] as string);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(path, `Cannot read the database ${path}: ${(error as Error).message}. Nothing was changed.`);
  } finally {
    probe?.close();
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * kysely prepares every statement anew; better-sqlite3 statements are reusable, and preparing is a
 * large share of a small query's cost. Keep the most recent ones by SQL text (bounded, LRU).
 */
function withStatementCache(sqlite: BetterSqlite3.Database): { close(): void; prepare(sql: string): BetterSqlite3.Statement } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (text: string) => {
      const cached = cache.get(text);
      if (cached) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

const NO_ROWS: unknown[] = [];

/**
 * The shortcut of db/direct.ts: the same statements kysely's driver would run, called at once.
 * Its callers are the compiled queries of the hot paths, a set fixed by the code, so they keep
 * their statements here for good: going through the LRU cache moved each hot statement to the
 * back of the map on every run, which cost a delete and an insert per query.
 */
function directExecutor(statements: { prepare(sql: string): BetterSqlite3.Statement }): DirectExecutor {
  const held = new Map<string, { statement: BetterSqlite3.Statement; reader: boolean }>();
  return {
    execute(text, parameters) {
      let entry = held.get(text);
      if (entry === undefined) {
        const statement = statements.prepare(text);
        entry = { statement, reader: statement.reader };
        held.set(text, entry);
      }
      if (entry.reader) return entry.statement.all(parameters as unknown[]);
      entry.statement.run(parameters as unknown[]);
      return NO_ROWS;
    },
  };
}

export interface OpenOptions {
  /** ':memory:' for tests. */
  path: string;
  readonly?: boolean;
  /** Checkpoint the WAL from a worker thread (Node hosts; see wal-checkpointer.ts), with its settings if given. */
  backgroundCheckpoints?: boolean | Omit<WalCheckpointerOptions, 'onError'>;
  /** Where a failing background checkpointer reports. */
  onCheckpointError?: (message: string) => void;
}

export async function openSqliteDatabase(options: OpenOptions): Promise<OpenedDatabase> {
  const { path } = options;
  if (path !== ':memory:') {
    try {
      accessSync(dirname(path), constants.R_OK | constants.W_OK);
    } catch {
      throw new DatabaseOpenError(path, `Cannot read and write the folder ${dirname(path)}. Check its permissions, or choose another --data-dir.`);
    }
    assertLooksLikeSqlite(path);
    assertNotNewer(path);
  }
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path, { readonly: options.readonly ?? false });
    sqlite.pragma('journal_mode = WAL');
    // FULL: an acknowledged authorization must survive a power cut. Speed comes from group commit.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // SQLite's default page cache is 2 MB: smaller than a shop's working set (cards, counters, the
    // index pages of a day of authorizations), so every decision's lookups went to the OS for
    // pages. 64 MB keeps the hot pages in the process; it is an upper bound, not an allocation.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('quick_check(1)');
  } catch (error) {
    throw new DatabaseOpenError(path, `Cannot open the database ${path}: ${(error as Error).message}. Nothing was changed.`);
  }
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  registerDirect(db, directExecutor(statements));
  try {
    await migrateToLatest(db, path);
  } catch (error) {
    await db.destroy();
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(path, `Cannot prepare the database ${path}: ${(error as Error).message}`);
  }
  const checkpointer =
    options.backgroundCheckpoints && path !== ':memory:' && !options.readonly
      ? startWalCheckpointer(sqlite, path, {
          ...(typeof options.backgroundCheckpoints === 'object' ? options.backgroundCheckpoints : {}),
          ...(options.onCheckpointError ? { onError: options.onCheckpointError } : {}),
        })
      : null;
  // Group commits wait here (asynchronously) while the checkpointer lets the log start over.
  const gated = checkpointer ? checkpointer.gate.hold : <R,>(hold: () => Promise<R>): Promise<R> => hold();
  const walSync = path !== ':memory:' && !options.readonly ? walSyncFor(path) : null;
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();
  const writeStamp = (): string => `${dataVersion.get() as number}:${totalChanges.get() as number}`;
  const writes = new DeclaredWrites();
  return {
    db,
    sqlite,
    path,
    writeStamp,
    writes,
    transactionSyncedLater: async <T,>(work: (trx: Transaction<Database>) => Promise<T>, options: { neutral?: boolean } = {}) => {
      // The connection is held from the first pragma to the last, so no other flow's COMMIT can
      // fall between them and be answered without its fsync (SQLite refuses the pragma inside a
      // transaction, hence outside it but inside the hold); the same hold makes the two stamps
      // bracket this write alone. `pragma()` each time, not a statement prepared once: SQLite
      // applies this pragma when preparing it, so running it again does nothing. ':memory:' has no
      // log to sync.
      const { value, before, after } = await gated(() => db.connection().execute(async (connection) => {
        const stampBefore = writeStamp();
        if (walSync) sqlite.pragma('synchronous = NORMAL');
        try {
          const result = await connection.transaction().execute(work);
          return { value: result, before: stampBefore, after: writeStamp() };
        } finally {
          if (walSync) sqlite.pragma('synchronous = FULL');
        }
      }));
      if (options.neutral) writes.declare({ before, after, touched: emptyTouched() });
      return { value, durable: walSync ? walSync.sync() : Promise.resolve() };
    },
    close: async () => {
      await walSync?.close();
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}
