import type { Db } from '../../db/database.js';
import { neutralTransaction, type WriteNotices } from '../../db/write-journal.js';

/**
 * What a delivery pass learned from the network (delivered, retry later, failed, a discrepancy),
 * written in ONE transaction at the end of the pass instead of one commit per message.
 *
 * Each commit on the host's database costs a durable sync on the thread that also decides
 * authorizations, and ends the authorization queue's remembered session (any other write does):
 * a pass of 200 card changes meant 200 of both. Writing later is safe by the delivery contract:
 * a message is marked only after the network acknowledged it, and one sent again after a crash
 * before the write is answered from the network's idempotency key.
 */
export class PassWrites {
  private readonly writes: Array<(trx: Db) => Promise<unknown>> = [];

  add(write: (trx: Db) => Promise<unknown>): void {
    this.writes.push(write);
  }

  /**
   * Declared neutral (`notices`): the outbox, the advices and their discrepancies are nothing an
   * authorization decision reads, so the authorization queue keeps its session (write-journal.ts).
   */
  async commit(db: Db, notices?: WriteNotices): Promise<void> {
    if (this.writes.length === 0) return;
    const writes = this.writes.splice(0);
    await neutralTransaction(db, notices, async (trx) => {
      for (const write of writes) await write(trx);
    });
  }
}
