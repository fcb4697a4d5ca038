import { sql, type Kysely } from 'kysely';

/** Rows converted per statement round, so a large installation is not read into memory at once. */
const BATCH = 2_000;

/**
 * Frozen: each card's 24-hour ring of attempts (risk_card_state.recent) becomes a compact fixed
 * layout instead of JSON text: a BLOB of little-endian float64 triples (epoch seconds, amount in
 * minor units or -1, flags), oldest first, the same triples in the same order. Written on every
 * authorization, it no longer costs a JSON serialisation per decision, nor a parse when a card is
 * first read. Rows already converted (typeof blob) are left alone. Self-contained on purpose: the
 * encoder here must not change when the risk code does.
 */
export async function up(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await db
      .selectFrom('risk_card_state')
      .select(['card_id', 'recent'])
      .where('card_id', '>', after)
      .where(sql<string>`typeof(recent)`, '=', 'text')
      .orderBy('card_id')
      .limit(BATCH)
      .execute()) as Array<{ card_id: string; recent: string }>;
    if (rows.length === 0) return;
    for (const row of rows) {
      await db.updateTable('risk_card_state').set({ recent: encode(parse(row.recent)) }).where('card_id', '=', row.card_id).execute();
    }
    after = rows[rows.length - 1]!.card_id;
  }
}

/** The JSON forms the risk code wrote: flat [t, a, f, t, a, f, ...], or nested [[t, a, f], ...]. */
function parse(text: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const flat = (Array.isArray(parsed[0]) ? (parsed as unknown[][]).flat() : parsed).map(Number);
  return flat.slice(0, flat.length - (flat.length % 3)).map((n) => (Number.isFinite(n) ? n : 0));
}

function encode(flat: number[]): Uint8Array {
  const out = new Uint8Array(flat.length * 8);
  const view = new DataView(out.buffer);
  flat.forEach((value, i) => view.setFloat64(i * 8, value, true));
  return out;
}
