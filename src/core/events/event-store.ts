import type { Db } from '../db/database.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { Clock } from '../kernel/clock.js';
import { fromJson, toJson } from '../db/database.js';
import type { EventRow } from '../db/schema.js';

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
  await db.insertInto('events').values(row).execute();
  return eventFromRow(row);
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
