import { closeSync, fsync, fsyncSync, openSync, close } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes committed WAL frames durable off the JavaScript thread.
 *
 * With synchronous=FULL, SQLite calls fsync on the write-ahead log inside COMMIT, and
 * better-sqlite3 runs COMMIT on the one thread that also parses requests and decides: on the
 * authorization path that wait was a fifth of the thread's time. The group-commit queue instead
 * commits with synchronous=NORMAL (SQLite writes the frames, still crash-safe, but does not wait
 * for the disk) and then asks this syncer, which runs fsync on libuv's thread pool. Nobody is
 * answered before the fsync that began after their commit has returned, so an acknowledged
 * decision is exactly as durable as with FULL, while the thread goes on with the next batch.
 *
 * One fsync covers every commit made before it started. Up to `parallel` fsyncs run at once
 * (default 1): with 2, a request that arrives while one is in flight starts its own at once instead
 * of waiting for it to end and then syncing (the kernel ends the second soon after the first: it
 * waits for the pages the first is writing and writes only what came since). Beyond that, requests
 * share the next one to start. Answers keep the order of the requests: a caller is answered only
 * after every earlier caller was, so events are published in commit order.
 *
 * Why 1 by default: on the WAL alone (256 KB every 4-5 ms) 2 cut the p99 in 6 of 8 pairs of runs
 * (e.g. 4.1 vs 6.6 ms), p50 unchanged; through the whole authorization queue on the shared
 * two-core machine it made no difference that stood out of the run-to-run noise, and it doubles
 * the disk's cache flushes when commits come fast. Worth measuring again on a quiet machine.
 */
export interface WalSync {
  /** Resolves when everything committed before this call is on the disk; rejects if fsync failed. */
  sync(): Promise<void>;
  /** Waits for syncs under way, then releases the file. */
  close(): Promise<void>;
}

type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

export interface WalSyncOptions {
  /** Most fsyncs in flight at once (default 1: each waits for the one before it). */
  parallel?: number;
}

/** `fsyncFile` is the platform's fsync; tests pass a slower or failing one. */
export function walSyncFor(databasePath: string, fsyncFile: Fsync = fsync, options: WalSyncOptions = {}): WalSync {
  const parallel = Math.max(1, Math.floor(options.parallel ?? 1));
  let fd: number | null = null;
  const running = new Set<Promise<void>>();
  let waiting: Promise<void> | null = null;
  /** The last answer given out: the next one settles after it. */
  let last: Promise<void> = Promise.resolve();
  let closed = false;

  const walFd = (): number => {
    if (fd === null) {
      // Read-write: Windows flushes a file only through a handle that may write to it.
      fd = openSync(`${databasePath}-wal`, 'r+');
      // SQLite syncs the folder once after creating the log (FULL does it on the first commit);
      // with NORMAL that happens only at the first checkpoint, so do it here, once.
      syncFolder(dirname(databasePath));
    }
    return fd;
  };

  const fsyncOnce = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let handle: number;
      try {
        handle = walFd();
      } catch (error) {
        reject(error as Error);
        return;
      }
      fsyncFile(handle, (error) => (error ? reject(error) : resolve()));
    });

  const start = (): Promise<void> => {
    const p = fsyncOnce().finally(() => running.delete(p));
    running.add(p);
    return p;
  };

  /** Starts an fsync once fewer than `parallel` are in flight. */
  const next = (): Promise<void> => {
    if (running.size < parallel && waiting === null) return start();
    // Every slot is taken by fsyncs begun perhaps before the caller's commit: the caller needs
    // one that starts later, shared with everyone who asks meanwhile.
    waiting ??= Promise.race([...running].map((p) => p.catch(() => undefined))).then(() => {
      waiting = null;
      return start();
    });
    return waiting;
  };

  return {
    sync(): Promise<void> {
      if (closed) return Promise.reject(new Error('the database is closed'));
      const own = next();
      // Handled at once: a failure may come before the earlier answers settle (it still reaches
      // the caller through `answer`).
      own.catch(() => undefined);
      const answer = last.then(
        () => own,
        () => own,
      );
      last = answer.catch(() => undefined);
      return answer;
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.allSettled([...running, waiting]);
      if (fd !== null) {
        const handle = fd;
        fd = null;
        await new Promise<void>((resolve) => close(handle, () => resolve()));
      }
    },
  };
}

function syncFolder(folder: string): void {
  let handle: number | null = null;
  try {
    handle = openSync(folder, 'r');
    fsyncSync(handle);
  } catch {
    // Some platforms cannot open or sync a folder (Windows); the file's own fsync still holds.
  } finally {
    if (handle !== null) closeSync(handle);
  }
}
