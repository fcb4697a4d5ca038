import type { Db } from '../db/database.js';
import type { CardRow } from '../db/schema.js';
import { notFound } from '../kernel/errors.js';
import type { CardVault } from '../security/card-vault.js';

export async function findCardRow(db: Db, id: string): Promise<CardRow | undefined> {
  return db.selectFrom('cards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getCardRow(db: Db, id: string, param = 'card'): Promise<CardRow> {
  const row = await findCardRow(db, id);
  if (!row) throw notFound('card', id, param);
  return row;
}

/**
 * Finds a card by its full number through the keyed fingerprint (the number itself is never in a
 * query). A kept-number replacement shares the fingerprint: prefer the matching expiry, then the
 * card that is not canceled, then the newest.
 */
export async function findCardByNumber(
  db: Db,
  vault: CardVault,
  number: string,
  expiry?: { month: number; year: number },
): Promise<CardRow | undefined> {
  const rows = await db.selectFrom('cards').selectAll().where('fingerprint', '=', vault.fingerprint(number)).orderBy('id', 'desc').execute();
  return pickByNumber(rows, expiry);
}

/** Among the cards sharing a number (newest first): the matching expiry, then not canceled, then the newest. */
export function pickByNumber<R extends Pick<CardRow, 'exp_month' | 'exp_year' | 'status'>>(rows: R[], expiry?: { month: number; year: number }): R | undefined {
  if (rows.length <= 1) return rows[0];
  const score = (row: R): number => (expiry && row.exp_month === expiry.month && row.exp_year === expiry.year ? 2 : 0) + (row.status !== 'canceled' ? 1 : 0);
  return [...rows].sort((a, b) => score(b) - score(a))[0];
}
