/** Integer arithmetic for report figures: money stays in minor units, shares are basis points. */

/** part / whole in basis points (10000 = 100%), half up; 0 when there is no whole. */
export function shareBps(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Number((BigInt(part) * 20_000n + BigInt(whole)) / (2n * BigInt(whole)));
}

/** total / count, half up, in minor units; 0 when there is nothing to divide. */
export function averageMinor(total: number, count: number): number {
  if (count <= 0) return 0;
  const t = BigInt(total);
  const c = BigInt(count);
  return Number(t >= 0n ? (2n * t + c) / (2n * c) : -((-2n * t + c) / (2n * c)));
}

export function sumBy<T>(rows: readonly T[], pick: (row: T) => number): number {
  let total = 0;
  for (const row of rows) total += pick(row);
  return total;
}
