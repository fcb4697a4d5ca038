/**
 * The WAL restart crash test's victim (wal-restart-crash.test.ts): group commits through
 * transactionSyncedLater on a file database whose checkpointer restarts the log every 256 KB, so
 * kills land before, during and after pauses and restarts. Prints `ACK <key>` for every row once
 * its commit is durable; the parent kills it with SIGKILL and checks every acknowledged row.
 * Usage: tsx wal-crash-child.ts <db path> <run tag>
 */
import { openSqliteDatabase } from './open-sqlite.js';

const [path, tag] = process.argv.slice(2);
if (!path || !tag) throw new Error('usage: wal-crash-child.ts <db path> <run tag>');
const opened = await openSqliteDatabase({ path, backgroundCheckpoints: { restartBytes: 256 * 1024, intervalMs: 5 } });
const value = 'z'.repeat(3_000);
// Two flows, as the queue and the API's idempotency records make them, sharing the log.
const flow = async (name: string): Promise<never> => {
  for (let c = 0; ; c++) {
    const keys = Array.from({ length: 6 }, (_, i) => `${tag}-${name}-${c}-${i}`);
    const { durable } = await opened.transactionSyncedLater(async (trx) => {
      for (const key of keys) await trx.insertInto('settings').values({ key, value }).execute();
    });
    void durable.then(() => process.stdout.write(keys.map((key) => `ACK ${key}\n`).join('')));
    await new Promise((resolve) => setImmediate(resolve));
  }
};
await Promise.all([flow('a'), flow('b')]);
