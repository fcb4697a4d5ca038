import type { Db } from '../db/database.js';
import { actorOf, type StaffActor } from './staff.js';

/**
 * The caller a host session stands for, read afresh on each request, so that disabling a staff
 * member or changing their role takes effect at once, not at their next sign-in. `db` is the live
 * database (staff are installation-wide).
 */
export async function staffActor(db: Db, staffId: string): Promise<StaffActor | undefined> {
  const row = await db.selectFrom('staff').select(['id', 'name', 'role', 'status']).where('id', '=', staffId).executeTakeFirst();
  return row && row.status === 'active' ? actorOf(row) : undefined;
}

export async function hasStaff(db: Db): Promise<boolean> {
  const row = await db.selectFrom('staff').select('id').where('status', '=', 'active').limit(1).executeTakeFirst();
  return row !== undefined;
}
