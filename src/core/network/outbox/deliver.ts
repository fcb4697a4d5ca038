import type { EngineServices } from '../../bus/context.js';
import { fromJson } from '../../db/database.js';
import { NetworkRejectedError, type CardNetwork, type NetworkCardMessage } from '../adapter.js';
import { backoffDelayMs, OUTBOX_MAX_ATTEMPTS } from './backoff.js';
import { sequenceKey } from '../stand-in/sequence.js';
import { PassWrites } from './pass-writes.js';

export interface DeliveryReport {
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Delivers due outbox messages in order per card: a card whose earlier message could not be
 * delivered waits, so the network never sees a status change before the card's provisioning.
 * A message is marked delivered only after the network acknowledged it; a crash in between means
 * it is sent again, and the network's idempotency key makes that harmless.
 */
export async function deliverOutbox(services: EngineServices, network: CardNetwork, limit = 200): Promise<DeliveryReport> {
  const { db, clock, random } = services;
  const now = clock.now().toISOString();
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0 };
  const open = await db
    .selectFrom('network_outbox')
    .selectAll()
    .where('status', 'in', ['pending', 'retrying'])
    .orderBy('card_id')
    .orderBy('id')
    .limit(limit)
    .execute();
  // A stand-in decision made before this change must reach the network first (see deliverAdvices).
  const adviceFirst = new Map<string, string>();
  if (open.length > 0) {
    const advices = await db
      .selectFrom('network_advices')
      .select(['card_id', (eb) => eb.fn.min<string>('id').as('first')])
      .where('status', 'in', ['pending', 'retrying'])
      .where('card_id', 'in', [...new Set(open.map((m) => m.card_id))])
      .groupBy('card_id')
      .execute();
    for (const row of advices) adviceFirst.set(row.card_id, sequenceKey(row.first));
  }
  const blockedCards = new Set<string>();
  const writes = new PassWrites();
  for (const row of open) {
    if (blockedCards.has(row.card_id)) continue;
    const earlierAdvice = adviceFirst.get(row.card_id);
    if (earlierAdvice !== undefined && earlierAdvice < sequenceKey(row.id)) {
      blockedCards.add(row.card_id);
      continue;
    }
    if (row.next_attempt_at > now) {
      blockedCards.add(row.card_id);
      continue;
    }
    const message: NetworkCardMessage = {
      idempotencyKey: row.idempotency_key,
      cardId: row.card_id,
      kind: row.kind as NetworkCardMessage['kind'],
      payload: fromJson(row.payload),
    };
    try {
      await network.send(message);
      const deliveredAt = clock.now().toISOString();
      writes.add((trx) => trx.updateTable('network_outbox').set({ status: 'delivered', delivered_at: deliveredAt, attempts: row.attempts + 1, last_error: null }).where('id', '=', row.id).execute());
      report.delivered++;
    } catch (error) {
      blockedCards.add(row.card_id);
      const attempts = row.attempts + 1;
      const final = error instanceof NetworkRejectedError || attempts >= OUTBOX_MAX_ATTEMPTS;
      const reason = error instanceof NetworkRejectedError ? `${error.code}: ${error.message}` : (error as Error).message;
      const nextAttemptAt = new Date(clock.now().getTime() + backoffDelayMs(attempts, random)).toISOString();
      writes.add((trx) =>
        trx
          .updateTable('network_outbox')
          .set({ status: final ? 'failed' : 'retrying', attempts, last_error: reason, next_attempt_at: nextAttemptAt })
          .where('id', '=', row.id)
          .execute(),
      );
      if (final) report.failed++;
      else report.retried++;
    }
  }
  await writes.commit(db, services.writes);
  return report;
}
