import type { EngineServices } from '../../bus/context.js';
import { fromJson } from '../../db/database.js';
import { insertEvent } from '../../events/event-store.js';
import { NetworkRejectedError, type CardNetwork, type NetworkAdviceResult } from '../adapter.js';
import { backoffDelayMs, OUTBOX_MAX_ATTEMPTS } from '../outbox/backoff.js';
import type { NetworkAdviceRow } from '../reconciliation/tables.js';
import type { AdvicePayload } from './advice-queue.js';
import { PassWrites } from '../outbox/pass-writes.js';
import { sequenceKey } from './sequence.js';

export interface AdviceDeliveryReport {
  delivered: number;
  discrepancies: number;
  retried: number;
  failed: number;
}

/**
 * Sends queued advices to the network in the order they were decided. Each is marked delivered,
 * with the network's answer, only after the network acknowledged it; a crash in between sends it
 * again under the same idempotency key and the network answers its first answer, so a difference
 * is recorded once (one discrepancy per advice, enforced by a unique column).
 *
 * Order: the pass stops at the first advice that is not due or that the network could not take
 * (an outage fails them all alike), so advices never overtake each other. A card whose earlier
 * change (provisioning, a block) still waits in the outbox holds its advices back: the network must
 * judge a stand-in decision against the card as it was when Kartu decided.
 */
export async function deliverAdvices(services: EngineServices, network: CardNetwork, limit = 200): Promise<AdviceDeliveryReport> {
  const { db, clock, random } = services;
  const report: AdviceDeliveryReport = { delivered: 0, discrepancies: 0, retried: 0, failed: 0 };
  const open = await db.selectFrom('network_advices').selectAll().where('status', 'in', ['pending', 'retrying']).orderBy('id').limit(limit).execute();
  if (open.length === 0) return report;
  const outboxFirst = new Map<string, string>();
  const waiting = await db
    .selectFrom('network_outbox')
    .select(['card_id', (eb) => eb.fn.min<string>('id').as('first')])
    .where('status', 'in', ['pending', 'retrying'])
    .where('card_id', 'in', [...new Set(open.map((a) => a.card_id))])
    .groupBy('card_id')
    .execute();
  for (const row of waiting) outboxFirst.set(row.card_id, sequenceKey(row.first));
  const heldCards = new Set<string>();
  const now = clock.now().toISOString();
  const writes = new PassWrites();
  for (const row of open) {
    if (heldCards.has(row.card_id)) continue;
    const earlierChange = outboxFirst.get(row.card_id);
    if (earlierChange !== undefined && earlierChange < sequenceKey(row.id)) {
      heldCards.add(row.card_id);
      continue;
    }
    if (row.next_attempt_at > now) break;
    const payload = fromJson<AdvicePayload>(row.payload);
    let result: NetworkAdviceResult;
    try {
      result = await network.advice({ idempotencyKey: row.id, ...payload });
    } catch (error) {
      const attempts = row.attempts + 1;
      const final = error instanceof NetworkRejectedError || attempts >= OUTBOX_MAX_ATTEMPTS;
      const reason = error instanceof NetworkRejectedError ? `${error.code}: ${error.message}` : (error as Error).message;
      const nextAttemptAt = new Date(clock.now().getTime() + backoffDelayMs(attempts, random)).toISOString();
      writes.add((trx) =>
        trx.updateTable('network_advices').set({ status: final ? 'failed' : 'retrying', attempts, last_error: reason, next_attempt_at: nextAttemptAt }).where('id', '=', row.id).execute(),
      );
      if (final) report.failed++;
      else report.retried++;
      // Unreachable (or an unexpected fault): later advices would fail alike, and must not overtake this one.
      if (!(error instanceof NetworkRejectedError)) break;
      continue;
    }
    const differs = result.networkApproved !== payload.approved;
    const deliveredAt = clock.now().toISOString();
    writes.add(async (trx) => {
      await trx
        .updateTable('network_advices')
        .set({
          status: 'delivered',
          attempts: row.attempts + 1,
          last_error: null,
          network_reference: result.networkReference,
          rrn: result.rrn,
          network_response_code: result.networkResponseCode,
          delivered_at: deliveredAt,
        })
        .where('id', '=', row.id)
        .execute();
      if (!differs) return;
      const inserted = await recordDiscrepancy(trx, services, row, payload, result);
      if (inserted) report.discrepancies++;
    });
    report.delivered++;
  }
  await writes.commit(db, services.writes);
  return report;
}

async function recordDiscrepancy(
  trx: EngineServices['db'],
  services: EngineServices,
  advice: NetworkAdviceRow,
  payload: AdvicePayload,
  result: NetworkAdviceResult,
): Promise<boolean> {
  const id = services.ids.next('ndis');
  const at = services.clock.now().toISOString();
  const kind = payload.approved ? 'network_declined' : 'network_approved';
  const detail = payload.approved
    ? `Kartu approved ${payload.amount} ${payload.currency} by stand-in; the network would have declined (${result.networkResponseCode}${result.reason ? `, ${result.reason}` : ''}).`
    : `Kartu declined (${payload.responseCode}); the network would have approved.`;
  const inserted = await trx
    .insertInto('network_discrepancies')
    .values({
      id,
      advice_id: advice.id,
      authorization_id: advice.authorization_id,
      card_id: advice.card_id,
      kind,
      local_approved: payload.approved ? 1 : 0,
      local_response_code: payload.responseCode,
      network_approved: result.networkApproved ? 1 : 0,
      network_response_code: result.networkResponseCode,
      amount: payload.amount,
      currency: payload.currency,
      detail,
      status: 'open',
      resolution: null,
      resolution_note: null,
      resolved_by: null,
      resolved_at: null,
      created_at: at,
    })
    .onConflict((oc) => oc.column('advice_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await insertEvent(trx, services.ids, services.clock, 'network.discrepancy.created', id, {
    id, authorization: advice.authorization_id, card: advice.card_id, kind, network_response_code: result.networkResponseCode, amount: payload.amount, currency: payload.currency,
  });
  return true;
}
