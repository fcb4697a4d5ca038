import type { Random } from '../../kernel/random.js';

export const OUTBOX_BASE_DELAY_MS = 1_000;
export const OUTBOX_MAX_DELAY_MS = 15 * 60_000;
/** After this many failed attempts a message is marked failed and waits for a person to retry it. */
export const OUTBOX_MAX_ATTEMPTS = 12;

/** Exponential backoff with full jitter: spreads retries so a recovering network is not stampeded. */
export function backoffDelayMs(attempts: number, random: Random): number {
  const ceiling = Math.min(OUTBOX_MAX_DELAY_MS, OUTBOX_BASE_DELAY_MS * 2 ** Math.min(attempts, 20));
  return Math.floor(ceiling / 2) + random.int(Math.max(1, Math.floor(ceiling / 2)));
}
