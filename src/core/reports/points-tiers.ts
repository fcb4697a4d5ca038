import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';

/**
 * A member's tier at an entry of the points ledger, from the tier change events, for the points
 * that were written without a record of it (before the rollup existed) or that are read one
 * member at a time. Every change of a member's tier emits `rewards.tier.changed` (from, to) in the
 * same write, and ids sort by creation across kinds (kernel/ids.ts: milliseconds, then a counter of
 * the same generator), so the tier at an entry is the `to` of the member's last change before it,
 * else the `from` of the first change after it, else the member's tier now.
 */
export interface TierChange {
  /** The event id without its prefix: comparable with any other id's. */
  order: string;
  from: string;
  to: string;
}

/** An id without its prefix (`pts_01abc...` -> `01abc...`). */
export function idOrder(id: string): string {
  return id.slice(id.indexOf('_') + 1);
}

function change(row: { id: string; data: string }): { member: string | undefined; change: TierChange } {
  const d = fromJson<{ member?: string; from: { id: string } | null; to: { id: string } | null }>(row.data);
  return { member: d.member, change: { order: idOrder(row.id), from: d.from?.id ?? '', to: d.to?.id ?? '' } };
}

/** Every member's tier changes, in order (for a rebuild). */
export async function allTierChanges(db: Db): Promise<Map<string, TierChange[]>> {
  const rows = await db.selectFrom('events').select(['id', 'data']).where('type', '=', 'rewards.tier.changed').orderBy('id').execute();
  const out = new Map<string, TierChange[]>();
  for (const row of rows) {
    const { member, change: c } = change(row);
    if (!member) continue;
    const list = out.get(member);
    if (list) list.push(c);
    else out.set(member, [c]);
  }
  return out;
}

/** One member's tier changes, in order. */
export async function memberTierChanges(db: Db, memberId: string): Promise<TierChange[]> {
  const rows = await db.selectFrom('events').select(['id', 'data']).where('object_id', '=', memberId).where('type', '=', 'rewards.tier.changed').orderBy('id').execute();
  return rows.map((r) => change(r).change);
}

/** The tier ('' for none) at an entry with this id, given the member's changes and tier now. */
export function tierAtEntry(changes: readonly TierChange[] | undefined, entryId: string, tierNow: string | null): string {
  if (!changes || changes.length === 0) return tierNow ?? '';
  const order = idOrder(entryId);
  // The last change before the entry (binary search: changes are in order).
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid]!.order < order) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? changes[lo - 1]!.to : changes[0]!.from;
}
