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
 * One fsync covers every commit made before it started: requests that arrive while one is in
 * flight share the next one (at most one in flight and one waiting).
 */
export interface WalSync {
  /** Resolves when everything committed before this call is on the disk; rejects if fsync failed. */
  sync(): Promise<void>;
  /** Waits for syncs under way, then releases the file. */
  close(): Promise<void>;
}

type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/** `fsyncFile` is the platform's fsync; tests pass a slower or failing one. */
export function walSyncFor(databasePath: string, fsyncFile: Fsync = fsync): WalSync {
  let fd: number | null = null;
  let running: Promise<void> | null = null;
  let waiting: Promise<void> | null = null;
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
    const p = fsyncOnce().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  };

  return {
    sync(): Promise<void> {
      if (closed) return Promise.reject(new Error('the database is closed'));
      if (!running) return start();
      // One is in flight, begun perhaps before the caller's commit: the caller needs the next.
      waiting ??= running
        .catch(() => undefined)
        .then(() => {
          waiting = null;
          return start();
        });
      return waiting;
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.allSettled([running, waiting]);
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
