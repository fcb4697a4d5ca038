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

/** The three windows the signals look at, shortest first. */
export const WINDOW_SPANS_S = [900, 3_600, 86_400] as const;

export interface Windows {
  m15: WindowFigures;
  h1: WindowFigures;
  h24: WindowFigures;
}

/** Bytes per attempt in the stored form: three little-endian float64 (epoch s, amount, flags). */
export const RING_ENTRY_BYTES = STRIDE * 8;
const INITIAL_CAPACITY = 8;
/** Typed arrays use the platform's byte order: on a little-endian one (all Kartu runs on) the stored form is a plain copy. */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * The 24-hour ring as scoring keeps it in memory, with the window figures maintained as attempts
 * come and go instead of recounted on every decision: per window a cursor on the oldest attempt
 * still inside it and the sums from there to the newest. A decision moves each cursor past what
 * has left its window (subtracting it), a recorded attempt is added to every sum, and an attempt
 * dropped from the ring (older than a day, or beyond RING_LIMIT) is taken out of the sums still
 * holding it. Same contents and same answers as the flat `pushRecent` / `windowFigures` above
 * (the tests hold it to them); when attempts arrived out of order, or the question is about a
 * time before the newest attempt (a replayed history), it answers by recounting, as they do.
 *
 * Stored as a compact fixed layout (RING_ENTRY_BYTES per attempt, oldest first): writing it is a
 * copy, not a JSON serialisation, and reading it is not a parse.
 */
export class RecentRing {
  /** Attempts from sequence number `head` (oldest kept) to `tail` (exclusive); buffer slot = seq - zero. */
  private buf: Float64Array;
  private zero = 0;
  private head = 0;
  private tail = 0;
  /** Adjacent pairs whose times go backwards: while any, the cursors are not used. */
  private disorder = 0;
  /** The time the cursors were last moved to; NaN: to be rebuilt before use. */
  private asOf = Number.NaN;
  private readonly from = [0, 0, 0];
  /** Per window: count, approved amount, probes of the attempts from its cursor to the newest. */
  private readonly sums = new Float64Array(9);

  constructor(capacity = INITIAL_CAPACITY) {
    this.buf = new Float64Array(Math.max(1, capacity) * STRIDE);
  }

  /** From the stored form: the compact bytes, or (rows written before it) the JSON of `Recent`. */
  static decode(stored: Uint8Array | string | null | undefined): RecentRing {
    if (stored === null || stored === undefined) return new RecentRing();
    if (typeof stored === 'string') return RecentRing.fromFlat(parseRecent(stored));
    const count = Math.floor(stored.byteLength / RING_ENTRY_BYTES);
    const ring = new RecentRing(Math.max(INITIAL_CAPACITY, count + 1));
    if (LITTLE_ENDIAN) {
      // A plain view of the row's bytes (a Buffer's own subarray goes through its species constructor, slower).
      new Uint8Array(ring.buf.buffer).set(new Uint8Array(stored.buffer, stored.byteOffset, count * RING_ENTRY_BYTES));
    } else {
      const view = new DataView(stored.buffer, stored.byteOffset, count * RING_ENTRY_BYTES);
      for (let i = 0; i < count * STRIDE; i++) ring.buf[i] = view.getFloat64(i * 8, true);
    }
    ring.loaded(count);
    return ring;
  }

  /** A ring holding exactly these attempts (flat, oldest first), as `pushRecent` left them. */
  static fromFlat(flat: Recent): RecentRing {
    const count = Math.floor(flat.length / STRIDE);
    const ring = new RecentRing(Math.max(INITIAL_CAPACITY, count + 1));
    for (let i = 0; i < count * STRIDE; i++) ring.buf[i] = flat[i] as number;
    ring.loaded(count);
    return ring;
  }

  private loaded(count: number): void {
    this.tail = count;
    for (let s = 1; s < count; s++) if (this.time(s) < this.time(s - 1)) this.disorder++;
  }

  get size(): number {
    return this.tail - this.head;
  }

  private time(seq: number): number {
    return this.buf[(seq - this.zero) * STRIDE] as number;
  }

  /**
   * The stored form. `shared`: on a little-endian platform, a view of the ring's own memory rather
   * than a copy, for a statement that binds it at once (SQLite copies it) before the ring changes.
   */
  encode(shared = false): Uint8Array {
    const start = (this.head - this.zero) * STRIDE;
    if (LITTLE_ENDIAN) {
      const bytes = new Uint8Array(this.buf.buffer, start * 8, this.size * RING_ENTRY_BYTES);
      return shared ? bytes : bytes.slice();
    }
    const out = new Uint8Array(this.size * RING_ENTRY_BYTES);
    const view = new DataView(out.buffer);
    const values = this.size * STRIDE;
    for (let i = 0; i < values; i++) view.setFloat64(i * 8, this.buf[start + i] as number, true);
    return out;
  }

  /** The attempts, flat and oldest first (the `Recent` form). */
  toFlat(): Recent {
    const start = (this.head - this.zero) * STRIDE;
    return Array.from(this.buf.subarray(start, start + this.size * STRIDE));
  }

  /** Appends an attempt, dropping what is older than 24 h before it or beyond the limit (as `pushRecent`). */
  push(t: number, amount: number, flags: number): void {
    const cutoff = t - RING_SPAN_S;
    while (this.head < this.tail && this.time(this.head) <= cutoff) this.dropOldest();
    while (this.size + 1 > RING_LIMIT) this.dropOldest();
    if (this.tail - this.zero === this.buf.length / STRIDE) this.makeRoom();
    if (this.size > 0 && t < this.time(this.tail - 1)) this.disorder++;
    const at = (this.tail - this.zero) * STRIDE;
    this.buf[at] = t;
    this.buf[at + 1] = amount;
    this.buf[at + 2] = flags;
    this.tail++;
    for (let w = 0; w < 3; w++) this.add(w, amount, flags, 1);
  }

  private dropOldest(): void {
    const seq = this.head;
    const at = (seq - this.zero) * STRIDE;
    for (let w = 0; w < 3; w++) {
      if (this.from[w] === seq) {
        this.add(w, this.buf[at + 1] as number, this.buf[at + 2] as number, -1);
        this.from[w] = seq + 1;
      }
    }
    if (seq + 1 < this.tail && this.time(seq + 1) < this.time(seq)) this.disorder--;
    this.head++;
  }

  /** Moves the kept attempts to the front, or doubles the buffer when they fill it. */
  private makeRoom(): void {
    const start = (this.head - this.zero) * STRIDE;
    const used = this.size * STRIDE;
    if (start > 0 && used <= this.buf.length / 2) {
      this.buf.copyWithin(0, start, start + used);
    } else {
      const bigger = new Float64Array(Math.min(this.buf.length * 2, (RING_LIMIT + 1) * STRIDE));
      bigger.set(this.buf.subarray(start, start + used));
      this.buf = bigger;
    }
    this.zero = this.head;
  }

  private add(w: number, amount: number, flags: number, sign: 1 | -1): void {
    const o = w * 3;
    this.sums[o] = (this.sums[o] as number) + sign;
    if (flags & APPROVED && amount > 0) this.sums[o + 1] = (this.sums[o + 1] as number) + sign * amount;
    if (flags & TINY || !(flags & APPROVED)) this.sums[o + 2] = (this.sums[o + 2] as number) + sign;
  }

  /** The 15-minute, 1-hour and 24-hour figures at `nowS` (attempts after now - span and not after now). */
  windows(nowS: number): Windows {
    if (this.disorder > 0 || (this.size > 0 && nowS < this.time(this.tail - 1))) {
      return { m15: this.recount(nowS, 900), h1: this.recount(nowS, 3_600), h24: this.recount(nowS, 86_400) };
    }
    if (!(nowS >= this.asOf)) this.rebuild(nowS);
    this.asOf = nowS;
    for (let w = 0; w < 3; w++) {
      const from = nowS - (WINDOW_SPANS_S[w] as number);
      let seq = this.from[w] as number;
      while (seq < this.tail && this.time(seq) <= from) {
        const at = (seq - this.zero) * STRIDE;
        this.add(w, this.buf[at + 1] as number, this.buf[at + 2] as number, -1);
        seq++;
      }
      this.from[w] = seq;
    }
    return { m15: this.figures(0), h1: this.figures(1), h24: this.figures(2) };
  }

  private figures(w: number): WindowFigures {
    const o = w * 3;
    return { count: this.sums[o] as number, approvedAmount: this.sums[o + 1] as number, probes: this.sums[o + 2] as number };
  }

  /** Every cursor back on the oldest attempt and the sums over all of them; `windows` then moves them on. */
  private rebuild(nowS: number): void {
    this.sums.fill(0);
    for (let w = 0; w < 3; w++) this.from[w] = this.head;
    for (let seq = this.head; seq < this.tail; seq++) {
      const at = (seq - this.zero) * STRIDE;
      for (let w = 0; w < 3; w++) this.add(w, this.buf[at + 1] as number, this.buf[at + 2] as number, 1);
    }
    this.asOf = nowS;
  }

  /** The flat `windowFigures`, over the kept attempts: the answer when the cursors do not apply. */
  private recount(nowS: number, spanS: number): WindowFigures {
    const start = (this.head - this.zero) * STRIDE;
    return windowFigures(this.buf.subarray(start, start + this.size * STRIDE) as unknown as Recent, nowS, spanS);
  }
}
