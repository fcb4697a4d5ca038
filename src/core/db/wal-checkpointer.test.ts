import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type OpenedDatabase } from './open-sqlite.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kartu-wal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LONG = process.env.KARTU_LONG !== undefined && process.env.KARTU_LONG !== '' && process.env.KARTU_LONG !== '0';

/** About 4 MB of settings rows, in separate commits (as decisions arrive). */
async function write(opened: Awaited<ReturnType<typeof openSqliteDatabase>>, tag: string): Promise<void> {
  const value = 'x'.repeat(4_000);
  for (let batch = 0; batch < 10; batch++) {
    await opened.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 100; i++) await trx.insertInto('settings').values({ key: `${tag}-${batch}-${i}`, value }).execute();
    });
  }
}

async function until(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

const walBytes = (path: string): number => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

const count = async (opened: OpenedDatabase, prefix: string): Promise<number> =>
  Number((await opened.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n);

/**
 * Group commits as the authorization queue makes them: one after another through
 * transactionSyncedLater, each awaited durable, a few rows of 4 KB each (with their index pages, a
 * few dozen log frames per commit). Returns the largest log file seen and the keys acknowledged.
 */
async function groupCommits(opened: OpenedDatabase, tag: string, commits: number, alongside?: () => Promise<void>): Promise<{ largestWal: number; acknowledged: number }> {
  const value = 'y'.repeat(4_000);
  let largestWal = 0;
  let acknowledged = 0;
  const durables: Array<Promise<void>> = [];
  for (let c = 0; c < commits; c++) {
    const { durable } = await opened.transactionSyncedLater(async (trx) => {
      for (let i = 0; i < 8; i++) await trx.insertInto('settings').values({ key: `${tag}-${c}-${i}`, value }).execute();
    });
    durables.push(durable.then(() => void (acknowledged += 8)));
    if (alongside && c % 10 === 0) await alongside();
    if (c % 20 === 0) largestWal = Math.max(largestWal, walBytes(opened.path));
    // As the queue does between batches: a turn of the event loop, where the checkpointer's
    // messages are heard.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(durables);
  return { largestWal: Math.max(largestWal, walBytes(opened.path)), acknowledged };
}

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database file from another thread; commits never do it themselves', async () => {
    const path = join(dir, 'a.db');
    const opened = await openSqliteDatabase({ path, backgroundCheckpoints: true });
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    await write(opened, 'a');
    // Pages reach the main file only through the worker's checkpoints.
    expect(await until(() => statSync(path).size > before + 3_000_000)).toBe(true);
    await opened.close();
    const again = await openSqliteDatabase({ path });
    expect(await count(again, 'a-')).toBe(1_000);
    await again.close();
  });

  it('without it, the main connection keeps SQLite default automatic checkpoints', async () => {
    const opened = await openSqliteDatabase({ path: join(dir, 'b.db') });
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await opened.close();
  });

  it('under a steady run of group commits, the log starts over and stays bounded; every acknowledged write is there after reopening', async () => {
    const path = join(dir, 'c.db');
    const pauses: Array<{ ms: number; complete: boolean }> = [];
    const restartBytes = 512 * 1024;
    const opened = await openSqliteDatabase({ path, backgroundCheckpoints: { restartBytes, intervalMs: 5, onPause: (ms, complete) => pauses.push({ ms, complete }) } });
    const commits = LONG ? 10_000 : 1_000; // ~40 KB of rows each: 40 MB (400 MB long) through the log
    const run = await groupCommits(opened, 'c', commits);
    expect(pauses.filter((p) => p.complete).length).toBeGreaterThan(2);
    // Without restarts the log would hold every commit (more than the ~40 KB x commits of rows).
    // It passes the restart size by what is written while the worker notices and checkpoints (its
    // checkpoints' fsyncs: tens of ms on a busy disk, at ~20 MB/s of commits here);
    // journal_size_limit cuts it back afterwards. The bound is three quarters of what passes
    // through: a log that never started over fails it, and a slow disk does not (a quiet machine
    // stays under 8 MB; loaded ones reached 13 and 23 MB of the 40).
    expect(run.largestWal).toBeLessThan(commits * 40 * 1024 * 0.75);
    expect(run.acknowledged).toBe(commits * 8);
    await opened.close();
    const again = await openSqliteDatabase({ path });
    expect(await count(again, 'c-')).toBe(commits * 8);
    expect((again.sqlite.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
    await again.close();
  }, 120_000);

  it('plain transactions still write during the pauses; a reader holding an old snapshot only delays the restart', async () => {
    const path = join(dir, 'd.db');
    const pauses: Array<{ ms: number; complete: boolean }> = [];
    const opened = await openSqliteDatabase({ path, backgroundCheckpoints: { restartBytes: 256 * 1024, intervalMs: 5, onPause: (ms, complete) => pauses.push({ ms, complete }) } });
    await groupCommits(opened, 'warm', 20);
    // Another connection (as another process would) reads from a snapshot and keeps it.
    const reader = new BetterSqlite3(path);
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM settings').get();
    let plains = 0;
    const plain = async () => {
      const i = plains++;
      await opened.db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: `plain-${i}`, value: 'p' }).execute();
      });
    };
    const held = await groupCommits(opened, 'held', 200, plain);
    // Nothing after the reader's snapshot can be copied, so no pause can complete.
    const completeWhileHeld = pauses.filter((p) => p.complete).length;
    expect(held.largestWal).toBeGreaterThan(2 * 1024 * 1024);
    reader.exec('COMMIT');
    reader.close();
    const after = await groupCommits(opened, 'after', 400, plain);
    expect(pauses.filter((p) => p.complete).length).toBeGreaterThan(completeWhileHeld);
    expect(walBytes(path)).toBeLessThan(held.largestWal);
    expect(after.acknowledged).toBe(400 * 8);
    expect(await count(opened, 'plain-')).toBe(20 + 40);
    // A pause never stays closed past its limit (100 ms by default), whatever the worker finds.
    expect(Math.max(...pauses.map((p) => p.ms))).toBeLessThan(150);
    await opened.close();
  }, 120_000);

  it('a writer still inside when time runs out: the gate opens anyway, and the worker goes on', async () => {
    const path = join(dir, 'e.db');
    const pauses: Array<{ ms: number; complete: boolean }> = [];
    const opened = await openSqliteDatabase({ path, backgroundCheckpoints: { restartBytes: 4096, intervalMs: 5, maxPauseMs: 30, onPause: (ms, complete) => pauses.push({ ms, complete }) } });
    await groupCommits(opened, 'f', 5);
    // A group commit that holds the connection for 300 ms, while the worker asks for a pause.
    const slow = opened.transactionSyncedLater(async (trx) => {
      await sql`INSERT INTO settings (key, value) VALUES ('slow', 's')`.execute(trx);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await until(() => pauses.length > 0 || false, 200);
    const { durable } = await slow;
    await durable;
    expect(pauses.some((p) => !p.complete && p.ms < 100)).toBe(true);
    // Pauses go on being asked for and completed afterwards.
    const before = pauses.filter((p) => p.complete).length;
    await groupCommits(opened, 'g', 50);
    expect(await until(() => pauses.filter((p) => p.complete).length > before, 5_000)).toBe(true);
    await opened.close();
  }, 30_000);

  it('closing during a pause lets the waiting writer finish; after close the main connection checkpoints itself', async () => {
    const path = join(dir, 'f.db');
    const main = new BetterSqlite3(path);
    main.pragma('journal_mode = WAL');
    main.exec('CREATE TABLE t (v INTEGER)');
    const checkpointer = startWalCheckpointer(main, path, { intervalMs: 5 });
    await checkpointer.gate.close();
    let ran = false;
    const waiting = checkpointer.gate.hold(async () => {
      main.prepare('INSERT INTO t (v) VALUES (1)').run();
      ran = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toBe(false);
    await checkpointer.stop();
    await waiting;
    expect(ran).toBe(true);
    expect(main.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    main.close();
  });

  it('a worker that cannot start leaves the gate open for good and the main connection checkpointing', async () => {
    const path = join(dir, 'g.db');
    const main = new BetterSqlite3(path);
    main.pragma('journal_mode = WAL');
    const errors: string[] = [];
    // The worker opens its own connection with fileMustExist: a path that is not there fails it.
    const checkpointer = startWalCheckpointer(main, join(dir, 'missing', 'x.db'), { intervalMs: 5, onError: (message) => errors.push(message) });
    expect(await until(() => errors.length > 0)).toBe(true);
    expect(main.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(checkpointer.gate.isClosed).toBe(false);
    await checkpointer.stop();
    expect(await checkpointer.gate.hold(async () => 'through')).toBe('through');
    main.close();
  });
});
