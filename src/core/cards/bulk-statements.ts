import type { Db } from '../db/database.js';
import type { CardholderRow } from '../db/schema.js';

/**
 * Reads for bulk issuance that take a list (one query per up to 500 values, well within every
 * database's limit on bound parameters): the lists vary in length, so these are built per call.
 */
const CHUNK = 500;

async function inChunks<T>(values: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await read(values.slice(i, i + CHUNK))));
  return out;
}

export function cardholderRowsByIds(db: Db, ids: readonly string[]): Promise<CardholderRow[]> {
  return inChunks(ids, (chunk) => db.selectFrom('cardholders').selectAll().where('id', 'in', chunk).execute());
}

/** Cards that are not canceled, per cardholder (cardholders without any are absent). */
export function openCardsOfMany(db: Db, cardholderIds: readonly string[]): Promise<Array<{ cardholder_id: string; n: number }>> {
  return inChunks(cardholderIds, (chunk) =>
    db
      .selectFrom('cards')
      .select(['cardholder_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('cardholder_id', 'in', chunk)
      .where('status', '!=', 'canceled')
      .groupBy('cardholder_id')
      .execute(),
  );
}

/** Which of these fingerprints some card already has. */
export async function takenFingerprints(db: Db, fingerprints: readonly string[]): Promise<string[]> {
  const rows = await inChunks(fingerprints, (chunk) => db.selectFrom('cards').select('fingerprint').distinct().where('fingerprint', 'in', chunk).execute());
  return rows.map((row) => row.fingerprint);
}
