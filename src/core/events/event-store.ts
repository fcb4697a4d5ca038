import type { Db } from '../db/database.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { Clock } from '../kernel/clock.js';
import { fromJson, toJson } from '../db/database.js';
import type { EventRow } from '../db/schema.js';
import { PreparedInsert } from '../ledger/prepared.js';

/** An event as integrators see it (webhooks, /v1/events). Data never holds a full card number. */
export interface KartuEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

export async function insertEvent(
  db: Db,
  ids: IdGenerator,
  clock: Clock,
  type: string,
  objectId: string,
  data: Record<string, unknown>,
): Promise<KartuEvent> {
  const row = { id: ids.next('evt'), type, object_id: objectId, data: toJson(data), created_at: clock.now().toISOString() };
  await insertEventRow.execute(db, row);
  return eventWithData(row, data);
}

/** Every command that emits writes one: a statement compiled once, run with each row's values. */
export const insertEventRow = new PreparedInsert<EventRow>('events', ['id', 'type', 'object_id', 'data', 'created_at']);

/**
 * The event as published in-process right after its commit, from the data it was written with
 * rather than a parse of the text just made from it. Emitters hand over data they no longer
 * change; listeners (live updates, the webhook worker's wake-up) only read or serialise it.
 */
export function eventWithData(row: Omit<EventRow, 'data'>, data: Record<string, unknown>): KartuEvent {
  return { id: row.id, object: 'event', type: row.type, created: Math.floor(Date.parse(row.created_at) / 1000), data: { object: data } };
}

export function eventFromRow(row: EventRow): KartuEvent {
  return {
    id: row.id,
    object: 'event',
    type: row.type,
    created: Math.floor(Date.parse(row.created_at) / 1000),
    data: { object: fromJson<Record<string, unknown>>(row.data) },
  };
}
