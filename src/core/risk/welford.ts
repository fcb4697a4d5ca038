/**
 * Welford's running mean and variance: one update per approved amount, no history kept. These are
 * statistics about amounts, not money, so they are floating point; money stays integer elsewhere.
 */
export interface RunningStats {
  n: number;
  mean: number;
  m2: number;
}

export const EMPTY_STATS: RunningStats = { n: 0, mean: 0, m2: 0 };

export function addSample(stats: RunningStats, x: number): RunningStats {
  const n = stats.n + 1;
  const delta = x - stats.mean;
  const mean = stats.mean + delta / n;
  return { n, mean, m2: stats.m2 + delta * (x - mean) };
}

/** Sample standard deviation (n - 1); 0 below two samples. */
export function standardDeviation(stats: RunningStats): number {
  return stats.n < 2 ? 0 : Math.sqrt(stats.m2 / (stats.n - 1));
}

/**
 * How many deviations `x` lies above the mean. The deviation has a floor of a tenth of the mean, so
 * a card that always buys the same coffee does not turn a slightly dearer one into a huge z-score.
 */
export function zScore(stats: RunningStats, x: number): number {
  const sd = Math.max(standardDeviation(stats), Math.abs(stats.mean) * 0.1, 1);
  return (x - stats.mean) / sd;
}
