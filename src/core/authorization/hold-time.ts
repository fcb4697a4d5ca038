import type { Db } from '../db/database.js';

/** How long an approved hold stays before `authorization-expire-stale` releases it: 7 days by default, as card networks do. */
export const DEFAULT_HOLD_SECONDS = 7 * 86_400;
export const HOLD_SECONDS_SETTING = 'authorization_hold_seconds';

export async function holdSecondsOf(db: Db): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', HOLD_SECONDS_SETTING).executeTakeFirst();
  const value = row ? Number(row.value) : NaN;
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_HOLD_SECONDS;
}
