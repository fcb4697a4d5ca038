import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type OpenedDatabase } from './open-sqlite.js';
import { walSyncFor } from './wal-sync.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kartu-walsync-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An fsync that finishes only when the test says so, recording when each one started. */
function manualFsync() {
  const started: Array<{ finish(error?: Error): void }> = [];
  const fsync = (_fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
    started.push({ finish: (error) => done((error as NodeJS.ErrnoException | undefined) ?? null) });
  };
  return { fsync, started };
}

const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

async function openFileDatabase(): Promise<OpenedDatabase> {
  const opened = await openSqliteDatabase({ path: join(dir, 'k.db') });
  opened.sqlite.exec('CREATE TABLE t (v INTEGER)');
  return opened;
}

describe('walSyncFor', () => {
  it('one at a time: answers a caller only after an fsync that began after its call; callers during one fsync share the next', async () => {
    const opened = await openFileDatabase();
    const { fsync, started } = manualFsync();
    const wal = walSyncFor(opened.path, fsync, { parallel: 1 });
    const first = wal.sync();
    expect(started).toHaveLength(1);
    const second = wal.sync();
    const third = wal.sync();
    // The fsync under way may have begun before the second and third callers' commits.
    expect(started).toHaveLength(1);
    started[0]!.finish();
    expect(await settled(first)).toBe('resolved');
    expect(await settled(second)).toBe('pending');
    expect(started).toHaveLength(2);
    started[1]!.finish();
    expect(await settled(second)).toBe('resolved');
    expect(await settled(third)).toBe('resolved');
    expect(started).toHaveLength(2);
    await wal.close();
    await opened.close();
  });

  it('two at a time: a caller during an fsync starts its own at once; beyond two they share the next; answers keep the order of the calls', async () => {
    const opened = await openFileDatabase();
    const { fsync, started } = manualFsync();
    const wal = walSyncFor(opened.path, fsync, { parallel: 2 });
    const first = wal.sync();
    const second = wal.sync();
    expect(started).toHaveLength(2);
    const third = wal.sync();
    const fourth = wal.sync();
    expect(started).toHaveLength(2);
    // The second fsync ends first: its caller still waits for the first caller's answer.
    started[1]!.finish();
    expect(await settled(second)).toBe('pending');
    expect(await settled(first)).toBe('pending');
    // A slot is free: the third and fourth callers' shared fsync starts now (after their calls).
    expect(started).toHaveLength(3);
    started[0]!.finish();
    expect(await settled(first)).toBe('resolved');
    expect(await settled(second)).toBe('resolved');
    expect(await settled(third)).toBe('pending');
    started[2]!.finish();
    expect(await settled(third)).toBe('resolved');
    expect(await settled(fourth)).toBe('resolved');
    expect(started).toHaveLength(3);
    await wal.close();
    await opened.close();
  });

  it('two at a time: a failed fsync rejects only its own callers, never before earlier answers, and crashes nothing while they wait', async () => {
    const opened = await openFileDatabase();
    const { fsync, started } = manualFsync();
    const wal = walSyncFor(opened.path, fsync, { parallel: 2 });
    const first = wal.sync();
    const second = wal.sync();
    started[1]!.finish(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    expect(await settled(second)).toBe('pending');
    started[0]!.finish();
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('EIO');
    await wal.close();
    await opened.close();
  });

  it('a failed fsync rejects its callers, and the next caller gets a fresh fsync', async () => {
    const opened = await openFileDatabase();
    const { fsync, started } = manualFsync();
    const wal = walSyncFor(opened.path, fsync);
    const failing = wal.sync();
    started[0]!.finish(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    await expect(failing).rejects.toThrow('EIO');
    const next = wal.sync();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await expect(next).resolves.toBeUndefined();
    await wal.close();
    await expect(wal.sync()).rejects.toThrow('closed');
    await opened.close();
  });

  it('syncs the real log file of a database', async () => {
    const opened = await openFileDatabase();
    const wal = walSyncFor(opened.path);
    opened.sqlite.prepare('INSERT INTO t (v) VALUES (1)').run();
    await expect(wal.sync()).resolves.toBeUndefined();
    await wal.close();
    await opened.close();
  });
});

describe('transactionSyncedLater', () => {
  it('commits without waiting for the disk, and every other transaction keeps synchronous=FULL, even one started meanwhile', async () => {
    const opened = await openFileDatabase();
    const FULL = 2;
    let othersSaw: number | null = null;
    const deferred = opened.transactionSyncedLater(async (trx) => {
      // Another flow asks for a transaction while this one holds the connection.
      void opened.db.transaction().execute(async (other) => {
        othersSaw = Number((await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(other)).rows[0]!.synchronous);
        await sql`INSERT INTO t (v) VALUES (2)`.execute(other);
      });
      const inside = (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(trx)).rows[0]!.synchronous;
      await sql`INSERT INTO t (v) VALUES (1)`.execute(trx);
      return Number(inside);
    });
    const { value, durable } = await deferred;
    expect(value).toBe(1); // NORMAL inside the deferred transaction
    await durable;
    await sql`SELECT 1`.execute(opened.db); // queued behind the other flow: it has finished
    expect(othersSaw).toBe(FULL);
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(opened.sqlite.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2]);
    await opened.close();
  });

  it('a transaction that throws writes nothing and leaves synchronous=FULL', async () => {
    const opened = await openFileDatabase();
    await expect(
      opened.transactionSyncedLater(async (trx) => {
        await sql`INSERT INTO t (v) VALUES (1)`.execute(trx);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(opened.sqlite.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0);
    await opened.close();
  });
});
