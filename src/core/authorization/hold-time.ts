import type { Db } from '../db/database.js';
import { Prepared } from '../ledger/prepared.js';

/** How long an approved hold stays before `authorization-expire-stale` releases it: 7 days by default, as card networks do. */
export const DEFAULT_HOLD_SECONDS = 7 * 86_400;
export const HOLD_SECONDS_SETTING = 'authorization_hold_seconds';

// Read by every decision made outside the queue (counter, demo, captures): compiled once.
const setting = new Prepared<[string], { value: string }>(1, (db, key) => db.selectFrom('settings').select('value').where('key', '=', key));

export async function holdSecondsOf(db: Db): Promise<number> {
  const [row] = await setting.execute(db, HOLD_SECONDS_SETTING);
  const value = row ? Number(row.value) : NaN;
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_HOLD_SECONDS;
}
