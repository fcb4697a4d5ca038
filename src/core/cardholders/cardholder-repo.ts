import type { Db } from '../db/database.js';
import type { CardholderRow } from '../db/schema.js';
import { notFound } from '../kernel/errors.js';

export async function getCardholderRow(db: Db, id: string, param = 'cardholder'): Promise<CardholderRow> {
  const row = await db.selectFrom('cardholders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('cardholder', id, param);
  return row;
}
