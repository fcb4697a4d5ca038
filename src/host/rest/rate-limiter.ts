/**
 * A token bucket per API key: `ratePerSecond` requests a second on average, with bursts of up to
 * one second's worth. In memory: the limit protects this host, and a restart forgets nothing that
 * matters.
 */
export const DEFAULT_RATE_PER_SECOND = 100;
const MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  readonly ratePerSecond: number;
  private readonly capacity: number;

  constructor(
    ratePerSecond: number = DEFAULT_RATE_PER_SECOND,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) throw new Error(`The rate limit must be a positive number, not ${ratePerSecond}.`);
    this.ratePerSecond = ratePerSecond;
    this.capacity = Math.max(1, ratePerSecond);
  }

  /** Takes one token; when there is none, returns how many ms until there is. */
  take(id: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const at = this.now();
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: this.capacity, at };
      this.buckets.set(id, bucket);
      if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    } else {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + ((at - bucket.at) / 1000) * this.ratePerSecond);
      bucket.at = at;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / this.ratePerSecond) * 1000) };
  }
}

/** `KARTU_API_RATE_LIMIT` (requests per second per key) unless the host was given one. */
export function rateFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.KARTU_API_RATE_LIMIT;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`KARTU_API_RATE_LIMIT must be a positive number of requests per second, not '${raw}'.`);
  return value;
}
