import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { OpenedDatabase } from '../../core/db/open-sqlite.js';

/** A transaction whose commit is made durable after it returns (OpenedDatabase.transactionSyncedLater). */
export type SyncedLater = OpenedDatabase['transactionSyncedLater'];

interface Pending {
  work: (trx: Db) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 1_000;

/**
 * Small writes of many requests in ONE durable commit. The API's idempotency rows around the
 * authorization queue (a claim before the decision, the answer after) would otherwise cost two
 * fsyncs per request next to the queue's one per batch. Writes that arrive while a commit is
 * being made wait for the next one (natural batching, no timer); each resolves only after the
 * commit that carries it. Each write runs in its own savepoint, so a failing write fails alone;
 * if the commit itself fails, every write of the batch is retried alone.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private running = false;
  private scheduled = false;

  /**
   * With `syncedLater`, a shared commit does not hold the thread while the disk syncs: its writes
   * resolve once it is durable, and the next batch is written meanwhile (db/wal-sync.ts).
   */
  constructor(
    private readonly db: Db,
    private readonly syncedLater?: SyncedLater,
  ) {}

  run<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.length > 0) await this.commit(this.pending.splice(0, MAX_BATCH));
    } finally {
      this.running = false;
      if (this.pending.length > 0) this.schedule();
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0] as Pending);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const work = async (trx: Db): Promise<void> => {
      outcomes.length = 0;
      for (const item of batch) {
        await sql`SAVEPOINT group_commit_item`.execute(trx);
        try {
          outcomes.push({ ok: true, value: await item.work(trx) });
          await sql`RELEASE SAVEPOINT group_commit_item`.execute(trx);
        } catch (error) {
          await sql`ROLLBACK TO SAVEPOINT group_commit_item`.execute(trx);
          await sql`RELEASE SAVEPOINT group_commit_item`.execute(trx);
          outcomes.push({ ok: false, error });
        }
      }
    };
    let durable: Promise<void>;
    try {
      ({ durable } = await this.transact(work));
    } catch {
      for (const item of batch) await this.alone(item);
      return;
    }
    void durable.then(
      () =>
        batch.forEach((item, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        }),
      // Committed but not known to be on the disk: no write of the batch may be relied on.
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  }

  /** A write alone goes the same way as a batch (synced later when it can), only without savepoints. */
  private async alone(item: Pending): Promise<void> {
    let committed: { value: unknown; durable: Promise<void> };
    try {
      committed = await this.transact((trx) => item.work(trx));
    } catch (error) {
      item.reject(error);
      return;
    }
    // Resolved once durable; like a batch, the next write does not wait for the disk.
    committed.durable.then(() => item.resolve(committed.value), (error: unknown) => item.reject(error));
  }

  private async transact<T>(work: (trx: Db) => Promise<T>): Promise<{ value: T; durable: Promise<void> }> {
    if (this.syncedLater) return this.syncedLater(work);
    return { value: await this.db.transaction().execute(work), durable: Promise.resolve() };
  }
}
