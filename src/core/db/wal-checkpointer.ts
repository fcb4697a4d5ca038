import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { walGate, type WalGate } from './wal-gate.js';

/**
 * Checkpoints the write-ahead log from a worker thread with its own connection, instead of inside
 * the commit that happens to cross SQLite's 1,000-page threshold. With group commit that was most
 * commits, and the checkpoint (copying pages into the database file and syncing it) took about 40%
 * of the commit's time on the authorization path, while the one thread that decides waited. A
 * PASSIVE checkpoint never blocks writers or readers, so on a machine with a second core the
 * copying overlaps the next batch's decisions. Durability is unchanged: a commit is durable once
 * its WAL frames are synced, checkpointed or not.
 *
 * A PASSIVE checkpoint alone never lets the log start over under steady writes (see wal-gate.ts):
 * once the log passes `restartBytes` and the worker's last checkpoint left only a few frames
 * behind (or the log is twice that size), it asks the main thread to pause the gated writers,
 * copies those frames, and the gate opens again; the next commit then starts the log over.
 * `journal_size_limit` bounds the file that is left (kept at about the restart size, so later
 * commits overwrite it in place, which syncs faster than appending: no file-size change for the
 * filesystem's journal on every fsync). A pause lasts about one checkpoint of those few frames (two
 * fsyncs: 1-3 ms on a quiet disk, 5-30 ms on this busy shared one); at 1,000 decisions/s the log
 * passes 64 MB about once a second.
 *
 * If the worker fails, the main connection takes checkpoints back (SQLite's default) and the gate
 * stays open, so the log never grows without bound and no writer waits for a worker that is gone.
 * Node hosts only: inside Electron the driver needs the Electron build (src/main/native), which a
 * plain worker would not load, so the desktop app keeps the default.
 */
export interface WalCheckpointer {
  /** The gate the group commits pass through (transactionSyncedLater). */
  readonly gate: WalGate;
  readonly stats: WalCheckpointerStats;
  stop(): Promise<void>;
}

export interface WalCheckpointerStats {
  /** Pauses granted to the worker, and how long the gate was closed (ms). */
  pauses: number;
  pausedMs: number;
  longestPauseMs: number;
  /** Pauses after which every frame was in the database file (the next commit starts the log over). */
  completed: number;
}

export interface WalCheckpointerOptions {
  intervalMs?: number;
  /** Log size from which the worker asks for a pause to start it over (default 64 MB). */
  restartBytes?: number;
  /** Ask only when at most this many frames are left to copy (default 256: 1 MB of 4 KB pages). */
  nearFrames?: number;
  /** The gate opens after this long whatever the worker does (default 100 ms). */
  maxPauseMs?: number;
  onError?: (message: string) => void;
  /**
   * Hears of each pause when it ends: how long the gate was closed, whether the log can start over,
   * and of that time, how long the last writers took to leave and the worker's checkpoint took.
   */
  onPause?: (ms: number, complete: boolean, detail: { writersMs: number; checkpointMs: number }) => void;
  /** Hears of every checkpoint the worker makes: frames in the log, and how many are copied (diagnostics). */
  onCheckpoint?: (log: number, checkpointed: number) => void;
}

const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
const MB = 1024 * 1024;

/**
 * Plain CommonJS, run with `eval`: no file to find next to a bundle. Every `intervalMs` a PASSIVE
 * checkpoint; sooner while a long log is far behind; a pause request when a long log is nearly all
 * copied. After a pause that could not copy everything (another process reading an old snapshot,
 * a plain write meanwhile) the next request waits longer and longer (up to 5 s), so a reader that
 * holds the log back does not cost the writers a pause every 50 ms.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const pageSize = db.pragma('page_size', { simple: true });
const restartFrames = Math.max(1, Math.ceil(workerData.restartBytes / pageSize));
const { intervalMs, nearFrames } = workerData;
let timer = null;
let stopped = false;
let paused = false;
let backoffMs = 0;
let pauseNotBefore = 0;
let lastCheckpointed = -1;
/** Checkpoints made at once in a row to catch up (each copies only what came during the last). */
let chased = 0;
/** The log's length at the last pause that copied everything: no new pause until it changes. */
let copiedLog = -1;
const checkpoint = () => {
  try {
    const row = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (workerData.observed) parentPort.postMessage({ log: row.log, checkpointed: row.checkpointed });
    return { log: row.log, checkpointed: row.checkpointed };
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
    return null;
  }
};
const later = (ms) => { if (!stopped && !paused) timer = setTimeout(tick, ms); };
const tick = () => {
  timer = null;
  const r = checkpoint();
  if (r === null || r.log < restartFrames) return later(intervalMs);
  const progressed = r.checkpointed !== lastCheckpointed;
  lastCheckpointed = r.checkpointed;
  // Far behind on a long log: again at once, a few times while it gets anywhere (not while a reader
  // holds it back), so the frames left for a pause are only those of the last checkpoint's own
  // time; not forever, which would copy hot pages over and over when writes outrun it. A log
  // twice the restart size asks anyway: a longer pause (bounded by the main thread) beats a log
  // that keeps growing because the writes outrun every checkpoint (the benchmark's 512 requests in
  // flight took it to 160 MB with four times).
  if (r.log - r.checkpointed > nearFrames && r.log < 2 * restartFrames) {
    const chase = progressed && chased < 3;
    chased = chase ? chased + 1 : 0;
    return later(chase ? 0 : intervalMs);
  }
  chased = 0;
  if (Date.now() < pauseNotBefore) return later(intervalMs);
  // Nothing written since a pause that copied everything (an idle database): the next commit
  // starts the log over by itself.
  if (r.log === copiedLog) return later(intervalMs);
  paused = true;
  parentPort.postMessage({ pause: true });
};
parentPort.on('message', (message) => {
  if (message === 'paused') {
    const started = performance.now();
    const r = checkpoint();
    const checkpointMs = performance.now() - started;
    const complete = r !== null && r.log === r.checkpointed;
    if (complete) copiedLog = r.log;
    parentPort.postMessage({ resumed: true, complete, checkpointMs });
    paused = false;
    backoffMs = complete ? 0 : Math.min(5000, Math.max(intervalMs, backoffMs * 2));
    pauseNotBefore = Date.now() + backoffMs;
    later(intervalMs);
  } else if (message === 'resume' && paused) {
    // The main thread opened the gate before this worker was told to copy (its time ran out).
    paused = false;
    backoffMs = Math.min(5000, Math.max(intervalMs, backoffMs * 2));
    pauseNotBefore = Date.now() + backoffMs;
    later(intervalMs);
  } else if (message === 'stop') {
    stopped = true;
    if (timer) clearTimeout(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
later(intervalMs);
`;

export function startWalCheckpointer(main: BetterSqlite3.Database, path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const restartBytes = options.restartBytes ?? 64 * MB;
  const maxPauseMs = options.maxPauseMs ?? 100;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path, intervalMs: options.intervalMs ?? 50, restartBytes, nearFrames: options.nearFrames ?? 256, observed: options.onCheckpoint !== undefined },
  });
  main.pragma('wal_autocheckpoint = 0');
  // The file left after the log starts over: large enough to be reused in place, bounded if a
  // burst (or a reader holding the log back) made it grow further.
  main.pragma(`journal_size_limit = ${2 * restartBytes}`);
  const gate = walGate();
  const stats: WalCheckpointerStats = { pauses: 0, pausedMs: 0, longestPauseMs: 0, completed: 0 };
  let stopping = false;
  /** The pause under way: when the gate closed, and the timer that opens it whatever happens. */
  let pause: { since: number; timer: NodeJS.Timeout; told: boolean; writersMs: number } | null = null;

  const endPause = (complete: boolean, checkpointMs = 0): void => {
    if (!pause) return;
    const { writersMs } = pause;
    clearTimeout(pause.timer);
    if (!pause.told && !stopping) worker.postMessage('resume');
    const ms = performance.now() - pause.since;
    pause = null;
    stats.pausedMs += ms;
    stats.longestPauseMs = Math.max(stats.longestPauseMs, ms);
    if (complete) stats.completed++;
    gate.open();
    options.onPause?.(ms, complete, { writersMs, checkpointMs });
  };

  const beginPause = (): void => {
    if (stopping || pause) return;
    stats.pauses++;
    pause = { since: performance.now(), timer: setTimeout(() => endPause(false), maxPauseMs), told: false, writersMs: 0 };
    const current = pause;
    void gate.close().then(() => {
      // Only if this pause still holds (not timed out, not stopped): the worker copies the rest.
      if (pause === current && !stopping) {
        current.told = true;
        current.writersMs = performance.now() - current.since;
        worker.postMessage('paused');
      }
    });
  };

  const takeBack = (message: string): void => {
    if (stopping) return;
    stopping = true;
    endPause(false);
    gate.open();
    if (main.open) main.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    options.onError?.(message);
  };
  worker.on('message', (message: { error?: string; pause?: boolean; resumed?: boolean; complete?: boolean; checkpointMs?: number; log?: number; checkpointed?: number }) => {
    if (message.error) options.onError?.(message.error);
    else if (message.log !== undefined) options.onCheckpoint?.(message.log, message.checkpointed ?? 0);
    else if (message.pause) beginPause();
    else if (message.resumed) {
      if (pause?.told) endPause(message.complete === true, message.checkpointMs);
    }
  });
  worker.on('error', (error) => takeBack(error.message));
  worker.on('exit', (code) => takeBack(`the WAL checkpoint worker stopped (exit code ${code})`));
  // A host that forgets to close must still be able to exit.
  worker.unref();
  return {
    gate,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        gate.open();
        if (stopping) return resolve();
        stopping = true;
        endPause(false);
        // Held again while it finishes, or a process with nothing else to do would exit first.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }).then(() => {
        if (main.open) main.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      }),
  };
}
