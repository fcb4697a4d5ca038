import type { Db } from '../db/database.js';
import { fromJson, toJson } from '../db/database.js';

export interface RetentionPolicy {
  /** Days after a cardholder's last card was canceled before their personal data is erased; null: keep. */
  erase_after_days: number | null;
  updated_at: string | null;
  updated_by: string | null;
  last_run_at: string | null;
}

const KEY = 'compliance.retention';
export const NO_RETENTION: RetentionPolicy = { erase_after_days: null, updated_at: null, updated_by: null, last_run_at: null };

export async function getRetentionPolicy(db: Db): Promise<RetentionPolicy> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return row ? { ...NO_RETENTION, ...fromJson<Partial<RetentionPolicy>>(row.value) } : NO_RETENTION;
}

export async function saveRetentionPolicy(db: Db, policy: RetentionPolicy): Promise<void> {
  const value = toJson(policy);
  await db.insertInto('settings').values({ key: KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
