/**
 * The last 24 hours of a card's attempts, bounded, oldest first, kept in the card's state row so
 * the velocity and card-testing windows are a scan of at most RING_LIMIT entries. Stored flat,
 * three numbers per attempt: [epoch seconds, amount in the program currency's minor units (-1 when
 * in another currency), flags, ...]: one array rather than one per attempt, which is what keeps
 * parsing and writing it cheap on every decision.
 */
export type Recent = number[];

export const STRIDE = 3;
export const RING_LIMIT = 200;
export const RING_SPAN_S = 24 * 3600;

export const APPROVED = 1;
export const TINY = 2;

export function parseRecent(text: string | null): Recent {
  if (!text) return [];
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return [];
  // Accept the nested form too ([[t, a, f], ...]) so a state written either way reads.
  return Array.isArray(parsed[0]) ? (parsed as number[][]).flat() : (parsed as number[]);
}

export function recentLength(recent: Recent): number {
  return recent.length / STRIDE;
}

/** Appends and drops what is older than 24 h (relative to the new entry) or beyond the limit. */
export function pushRecent(recent: Recent, t: number, amount: number, flags: number): Recent {
  const cutoff = t - RING_SPAN_S;
  let start = 0;
  while (start < recent.length && (recent[start] as number) <= cutoff) start += STRIDE;
  const overflow = (recent.length - start) / STRIDE + 1 - RING_LIMIT;
  if (overflow > 0) start += overflow * STRIDE;
  const next = recent.slice(start);
  next.push(t, amount, flags);
  return next;
}

export interface WindowFigures {
  count: number;
  /** Sum of approved amounts in the program currency. */
  approvedAmount: number;
  /** Tiny or declined attempts: what card testing looks like. */
  probes: number;
}

/** Attempts strictly after `nowS - spanS` and not after now (a replayed history must not count the future). */
export function windowFigures(recent: Recent, nowS: number, spanS: number): WindowFigures {
  const from = nowS - spanS;
  let count = 0;
  let approvedAmount = 0;
  let probes = 0;
  for (let i = recent.length - STRIDE; i >= 0; i -= STRIDE) {
    const t = recent[i] as number;
    if (t <= from) break;
    if (t > nowS) continue;
    const amount = recent[i + 1] as number;
    const flags = recent[i + 2] as number;
    count++;
    if (flags & APPROVED && amount > 0) approvedAmount += amount;
    if (flags & TINY || !(flags & APPROVED)) probes++;
  }
  return { count, approvedAmount, probes };
}
