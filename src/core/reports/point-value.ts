import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';

/**
 * What one point is worth in money, to state the points liability in money. The merchant's own
 * figure (report-settings-update) wins; otherwise the best money value the catalogue offers for a
 * point (a stored-value credit or a fixed discount, amount / points cost): the most the business
 * could have to pay per point, which is what a liability should assume. As an exact fraction.
 */
export interface PointValue {
  /** Money (minor units) per `per_points` points. */
  minor: number;
  per_points: number;
  source: 'setting' | 'catalogue';
  reward: string | null;
}

export async function pointValueOf(db: Db, programId: string): Promise<PointValue | { reason: string }> {
  const setting = await db.selectFrom('report_settings').select('point_value_minor').where('program_id', '=', programId).executeTakeFirst();
  if (setting?.point_value_minor != null) return { minor: setting.point_value_minor, per_points: 1, source: 'setting', reward: null };
  const rewards = await db
    .selectFrom('rewards_catalogue')
    .select(['id', 'kind', 'points_cost', 'value'])
    .where('program_id', '=', programId)
    .where('status', '=', 'active')
    .where('kind', 'in', ['stored_value', 'fixed_discount'])
    .execute();
  let best: PointValue | null = null;
  for (const r of rewards) {
    const amount = fromJson<{ amount_minor?: number }>(r.value)?.amount_minor;
    if (!amount || r.points_cost <= 0) continue;
    // a/b > c/d  <=>  a*d > c*b (exact, no floats)
    if (!best || BigInt(amount) * BigInt(best.per_points) > BigInt(best.minor) * BigInt(r.points_cost)) {
      best = { minor: amount, per_points: r.points_cost, source: 'catalogue', reward: r.id };
    }
  }
  return best ?? { reason: 'No money value per point: set one with report-settings-update (point_value_minor), or add a stored-value or fixed-discount reward to the catalogue.' };
}

/** points x value, half up on the minor unit. */
export function pointsInMoney(points: number, value: PointValue): number {
  const n = BigInt(points) * BigInt(value.minor);
  const d = BigInt(value.per_points);
  return Number(n >= 0n ? (2n * n + d) / (2n * d) : -((-2n * n + d) / (2n * d)));
}
