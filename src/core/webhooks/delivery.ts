import type { EngineServices } from '../bus/context.js';
import { fromJson } from '../db/database.js';
import { neutralTransaction } from '../db/write-journal.js';
import { eventFromRow } from '../events/event-store.js';
import { signPayload, SIGNATURE_HEADER } from './signature.js';
import { webhookTargetProblem } from './target-check.js';
import { ALLOWED_HOSTS_SETTING } from './webhook-handlers.js';
import { CURSOR_SETTING, setCursor } from './event-cursor.js';

/** Deliveries are retried with growing delays for three days, then marked failed. */
export const RETRY_FOR_MS = 3 * 86_400_000;
const MAX_DELAY_MS = 6 * 3_600_000;
const TIMEOUT_MS = 10_000;

export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/**
 * Turns new events into deliveries, one per subscribed endpoint. Reads events after a stored
 * cursor, so nothing is missed across restarts; (event, endpoint) is unique, so nothing doubles.
 *
 * With no enabled endpoint there is nothing to schedule and nothing is written: the worker runs
 * after every committed event, and a cursor write each time was a commit on the thread that
 * decides authorizations (and ended the authorization queue's remembered session). The cursor
 * is caught up instead when an endpoint is enabled (catchUpCursorIfIdle), so events from before
 * it are not sent to it, as when the cursor moved all along.
 */
export async function scheduleDeliveries(services: EngineServices, batch = 500): Promise<number> {
  const { db, ids, clock } = services;
  // Deliveries and the cursor: nothing an authorization decision reads (write-journal.ts).
  return neutralTransaction(db, services.writes, async (trx) => {
    const endpoints = (await trx.selectFrom('webhook_endpoints').select(['id', 'enabled_events']).where('status', '=', 'enabled').execute()).map((e) => ({
      id: e.id,
      patterns: fromJson<string[]>(e.enabled_events),
    }));
    if (endpoints.length === 0) return 0;
    const cursor = (await trx.selectFrom('settings').select('value').where('key', '=', CURSOR_SETTING).executeTakeFirst())?.value ?? '';
    const events = await trx.selectFrom('events').select(['id', 'type']).where('id', '>', cursor).orderBy('id').limit(batch).execute();
    if (events.length === 0) return 0;
    let created = 0;
    const now = clock.now().toISOString();
    for (const event of events) {
      for (const endpoint of endpoints) {
        if (!matchesEventType(endpoint.patterns, event.type)) continue;
        await trx
          .insertInto('webhook_deliveries')
          .values({ id: ids.next('whd'), endpoint_id: endpoint.id, event_id: event.id, status: 'pending', attempts: 0, next_attempt_at: now, last_status_code: null, last_error: null, created_at: now, delivered_at: null })
          .onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing())
          .execute();
        created++;
      }
    }
    await setCursor(trx, events[events.length - 1]!.id);
    return created;
  });
}

export interface SendReport {
  delivered: number;
  retrying: number;
  failed: number;
}

/** POSTs due deliveries, signed; a 2xx answer is success, anything else is retried with backoff. */
export async function sendDueDeliveries(services: EngineServices, limit = 100): Promise<SendReport> {
  const { db, clock, vault, random } = services;
  const report: SendReport = { delivered: 0, retrying: 0, failed: 0 };
  const now = clock.now();
  const due = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
    .select([
      'webhook_deliveries.id as id', 'webhook_deliveries.attempts as attempts', 'webhook_deliveries.created_at as created_at',
      'webhook_endpoints.url as url', 'webhook_endpoints.secret_encrypted as secret_encrypted',
      'events.id as event_id', 'events.type as type', 'events.object_id as object_id', 'events.data as data', 'events.created_at as event_created_at',
    ])
    .where('webhook_deliveries.status', 'in', ['pending', 'retrying'])
    .where('webhook_deliveries.next_attempt_at', '<=', now.toISOString())
    .orderBy('webhook_deliveries.id')
    .limit(limit)
    .execute();
  const allowed = fromJson<string[] | null>((await db.selectFrom('settings').select('value').where('key', '=', ALLOWED_HOSTS_SETTING).executeTakeFirst())?.value ?? null) ?? [];
  for (const row of due) {
    const body = JSON.stringify(eventFromRow({ id: row.event_id, type: row.type, object_id: row.object_id, data: row.data, created_at: row.event_created_at }));
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    let statusCode: number | null = null;
    let error: string | null = null;
    const problem = webhookTargetProblem(row.url, allowed);
    if (problem) {
      error = `target no longer allowed: ${problem}`;
    } else {
      try {
        const response = await fetch(row.url, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/json', 'User-Agent': 'Kartu-Webhooks/1', [SIGNATURE_HEADER]: signPayload(vault.decrypt(row.secret_encrypted), body, timestamp) },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        statusCode = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (response.status < 200 || response.status >= 300) error = `answered HTTP ${response.status}`;
      } catch (e) {
        error = (e as Error).message;
      }
    }
    const attempts = row.attempts + 1;
    if (!error) {
      await neutralTransaction(db, services.writes, (trx) =>
        trx.updateTable('webhook_deliveries').set({ status: 'delivered', attempts, last_status_code: statusCode, last_error: null, delivered_at: clock.now().toISOString() }).where('id', '=', row.id).execute(),
      );
      report.delivered++;
      continue;
    }
    const giveUp = now.getTime() - Date.parse(row.created_at) >= RETRY_FOR_MS;
    const ceiling = Math.min(MAX_DELAY_MS, 5_000 * 2 ** Math.min(attempts, 20));
    const delay = Math.floor(ceiling / 2) + random.int(Math.max(1, Math.floor(ceiling / 2)));
    await neutralTransaction(db, services.writes, (trx) =>
      trx
        .updateTable('webhook_deliveries')
        .set({ status: giveUp ? 'failed' : 'retrying', attempts, last_status_code: statusCode, last_error: error, next_attempt_at: new Date(now.getTime() + delay).toISOString() })
        .where('id', '=', row.id)
        .execute(),
    );
    if (giveUp) report.failed++;
    else report.retrying++;
  }
  return report;
}
