import { z } from 'zod';
import { sql, type SelectQueryBuilder } from 'kysely';

export const listParams = {
  limit: z.coerce.number().int().min(1).max(100).default(10),
  starting_after: z.string().min(1).max(64).optional(),
  ending_before: z.string().min(1).max(64).optional(),
};

export interface ListResult<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

/**
 * Lists are newest first, like Stripe's. Ids sort by creation time, so a cursor is an id:
 * `starting_after` pages to older items, `ending_before` to newer ones.
 */
export interface Cursor {
  limit: number;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

export async function pageById<DB, TB extends keyof DB, Row extends { id: string }, T>(
  query: SelectQueryBuilder<DB, TB, Row>,
  idColumn: string,
  cursor: Cursor,
  view: (row: Row) => T,
): Promise<ListResult<T>> {
  const ref = sql.ref<string>(idColumn);
  let q = query;
  if (cursor.starting_after) q = q.where(ref, '<', cursor.starting_after);
  if (cursor.ending_before) q = q.where(ref, '>', cursor.ending_before);
  const ascending = Boolean(cursor.ending_before && !cursor.starting_after);
  const rows = (await q.orderBy(ref, ascending ? 'asc' : 'desc').limit(cursor.limit + 1).execute()) as Row[];
  const has_more = rows.length > cursor.limit;
  const page = rows.slice(0, cursor.limit);
  if (ascending) page.reverse();
  return { object: 'list', data: page.map(view), has_more };
}
