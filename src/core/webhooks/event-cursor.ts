import type { EngineServices } from '../bus/context.js';

/** The newest event already turned into deliveries (delivery.ts scheduleDeliveries). */
export const CURSOR_SETTING = 'webhook_event_cursor';

export async function setCursor(db: EngineServices['db'], eventId: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: CURSOR_SETTING, value: eventId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: eventId }))
    .execute();
}

/**
 * Called in the transaction that enables an endpoint: when no other endpoint is enabled, the
 * cursor stood still (scheduleDeliveries writes nothing then) and is moved past every event so far.
 */
export async function catchUpCursorIfIdle(db: EngineServices['db'], endpointId: string): Promise<void> {
  const other = await db.selectFrom('webhook_endpoints').select('id').where('status', '=', 'enabled').where('id', '!=', endpointId).limit(1).executeTakeFirst();
  if (other) return;
  const newest = await db.selectFrom('events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (newest) await setCursor(db, newest.id);
}
