/**
 * A gate the WAL checkpointer closes for a few milliseconds so that SQLite can start the log over.
 *
 * SQLite writes a new commit at the start of the write-ahead log again only when the writer's
 * transaction begins while every frame of the log has been copied into the database file. Under
 * steady group commits the background PASSIVE checkpoint never catches the newest frames, so the
 * log grows without bound (hundreds of MB after a few minutes). The checkpointer therefore asks,
 * now and then, for a short pause of the writers that matter (the group commits through
 * transactionSyncedLater), checkpoints the few frames it had not copied yet, and opens the gate: the
 * next commit then starts the log over and overwrites the file in place.
 *
 * Writers wait asynchronously (a promise), never in SQLite's busy handler, which would put the
 * whole event loop to sleep. Other writers (plain transactions) do not pass through the gate; if
 * one commits during a pause, the checkpoint simply misses its frames and the log starts over at a
 * later pause. Nothing here changes what a commit writes or when it is durable.
 */
export interface WalGate {
  /** Runs `work` (which holds the connection for one write) once the gate is open. */
  hold<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Closes the gate; resolves once no writer that passed it is still inside. Writers arriving
   * meanwhile wait for `open()`.
   */
  close(): Promise<void>;
  /** Opens the gate and lets the waiting writers go (also safe when it is open). */
  open(): void;
  readonly isClosed: boolean;
}

export function walGate(): WalGate {
  let inside = 0;
  let closed = false;
  /** Writers waiting for the gate to open. */
  let waiters: Array<() => void> = [];
  /** The closer, waiting for the writers inside to leave. */
  let emptied: (() => void) | null = null;

  const leave = (): void => {
    inside--;
    if (inside === 0 && emptied) {
      const resolve = emptied;
      emptied = null;
      resolve();
    }
  };

  const enter = async (): Promise<void> => {
    // A pause may begin again between being woken and running: wait until open on our turn.
    while (closed) await new Promise<void>((resolve) => waiters.push(resolve));
    inside++;
  };

  return {
    async hold<T>(work: () => Promise<T>): Promise<T> {
      if (closed) await enter();
      else inside++;
      try {
        return await work();
      } finally {
        leave();
      }
    },
    close(): Promise<void> {
      closed = true;
      if (inside === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const previous = emptied;
        emptied = () => {
          previous?.();
          resolve();
        };
      });
    },
    open(): void {
      closed = false;
      const woken = waiters;
      waiters = [];
      for (const resolve of woken) resolve();
    },
    get isClosed() {
      return closed;
    },
  };
}
