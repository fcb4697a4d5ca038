import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Checkpoints the write-ahead log from a worker thread with its own connection, instead of inside
 * the commit that happens to cross SQLite's 1,000-page threshold. With group commit that was most
 * commits, and the checkpoint (copying pages into the database file and syncing it) took about 40%
 * of the commit's time on the authorization path, while the one thread that decides waited. A
 * PASSIVE checkpoint never blocks writers or readers, so on a machine with a second core the
 * copying overlaps the next batch's decisions. Durability is unchanged: a commit is durable once
 * its WAL frames are synced, checkpointed or not.
 *
 * If the worker fails, the main connection takes checkpoints back (SQLite's default), so the log
 * never grows without bound. Node hosts only: inside Electron the driver needs the Electron build
 * (src/main/native), which a plain worker would not load, so the desktop app keeps the default.
 */
export interface WalCheckpointer {
  stop(): Promise<void>;
}

const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/** Plain CommonJS, run with `eval`: no file to find next to a bundle. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error && error.message || error) }); } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

export function startWalCheckpointer(main: BetterSqlite3.Database, path: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs: options.intervalMs ?? 50 } });
  main.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const takeBack = (message: string): void => {
    if (stopping) return;
    stopping = true;
    if (main.open) main.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    options.onError?.(message);
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => takeBack(error.message));
  worker.on('exit', (code) => takeBack(`the WAL checkpoint worker stopped (exit code ${code})`));
  // A host that forgets to close must still be able to exit.
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (stopping) return resolve();
        stopping = true;
        // Held again while it finishes, or a process with nothing else to do would exit first.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }).then(() => {
        if (main.open) main.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      }),
  };
}
