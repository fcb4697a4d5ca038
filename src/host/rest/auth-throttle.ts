/**
 * Repeated failed sign-ins (a wrong API key, a wrong PIN) from the same source get slower and
 * slower: the first few are free, then each waits twice as long as the one before, up to a cap.
 * A success, or a quiet quarter of an hour, forgets the source.
 */
export interface AuthThrottleOptions {
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  forgetAfterMs?: number;
  now?: () => number;
}

interface FailureRecord {
  failures: number;
  lastFailureAt: number;
}

const MAX_SOURCES = 10_000;

export class AuthThrottle {
  private readonly sources = new Map<string, FailureRecord>();
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly now: () => number;

  constructor(options: AuthThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private current(source: string): FailureRecord | undefined {
    const record = this.sources.get(source);
    if (record && this.now() - record.lastFailureAt > this.forgetAfterMs) {
      this.sources.delete(source);
      return undefined;
    }
    return record;
  }

  /** The delay earned by `failures` failures in a row. */
  delayFor(failures: number): number {
    if (failures <= this.freeFailures) return 0;
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (failures - this.freeFailures - 1));
  }

  /** Records a failure; returns how long to hold the answer to it. */
  fail(source: string): number {
    const record = this.current(source) ?? { failures: 0, lastFailureAt: 0 };
    record.failures += 1;
    record.lastFailureAt = this.now();
    this.sources.delete(source);
    this.sources.set(source, record);
    if (this.sources.size > MAX_SOURCES) this.sources.delete(this.sources.keys().next().value as string);
    return this.delayFor(record.failures);
  }

  /** While a source must still wait before its next try: how long (0 = it may try now). */
  waitMs(source: string): number {
    const record = this.current(source);
    if (!record) return 0;
    return Math.max(0, record.lastFailureAt + this.delayFor(record.failures) - this.now());
  }

  succeed(source: string): void {
    this.sources.delete(source);
  }

  failures(source: string): number {
    return this.current(source)?.failures ?? 0;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
