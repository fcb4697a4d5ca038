/**
 * The last 24 hours of a card's attempts, bounded, newest last: [epoch seconds, amount in the
 * program currency's minor units (-1 when in another currency), flags]. Kept in the card's state
 * row so velocity and card-testing windows are a scan of at most RING_LIMIT small tuples.
 */
export type RecentEntry = [number, number, number];

export const RING_LIMIT = 200;
export const RING_SPAN_S = 24 * 3600;

export const APPROVED = 1;
export const TINY = 2;

export function parseRecent(text: string | null): RecentEntry[] {
  if (!text) return [];
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? (parsed as RecentEntry[]) : [];
}

/** Appends and drops what is older than 24 h (relative to the newest) or beyond the limit. */
export function pushRecent(entries: RecentEntry[], entry: RecentEntry): RecentEntry[] {
  const cutoff = entry[0] - RING_SPAN_S;
  const kept = entries.filter((e) => e[0] > cutoff);
  kept.push(entry);
  return kept.length > RING_LIMIT ? kept.slice(kept.length - RING_LIMIT) : kept;
}

export interface WindowFigures {
  count: number;
  /** Sum of approved amounts in the program currency. */
  approvedAmount: number;
  /** Tiny or declined attempts: what card testing looks like. */
  probes: number;
}

/** Attempts strictly after `nowS - spanS` (and not after now: a replayed history must not count the future). */
export function windowFigures(entries: readonly RecentEntry[], nowS: number, spanS: number): WindowFigures {
  const from = nowS - spanS;
  let count = 0;
  let approvedAmount = 0;
  let probes = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const [t, amount, flags] = entries[i] as RecentEntry;
    if (t <= from) break;
    if (t > nowS) continue;
    count++;
    if (flags & APPROVED) {
      if (amount > 0) approvedAmount += amount;
    }
    if (flags & TINY || !(flags & APPROVED)) probes++;
  }
  return { count, approvedAmount, probes };
}
