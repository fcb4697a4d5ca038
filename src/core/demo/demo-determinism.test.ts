import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu } from '../kartu.js';
import { manualClock } from '../kernel/clock.js';
import { seededRandom } from '../kernel/random.js';
import { generateDemo, type DemoOptions } from './generate-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-demo-same-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The same moment for every run: the story is laid out backwards from "now". */
const NOW = new Date('2026-03-20T09:30:00Z');

/**
 * What the story wrote, in a form two runs can be compared by: every table's size, and the rows
 * that carry the story (decisions, money, points, free coffees, tiers) column by column. Ids are
 * included: they come from the seeded randomness given to openKartu. Left out: what is meant to be
 * cryptographically random (card numbers and what derives from them: last 4, fingerprints, the
 * audit chain's hashes).
 */
async function storyData(name: string, options: DemoOptions) {
  const kartu = await openKartu({ dataDir: join(dir, name), clock: manualClock(NOW), random: seededRandom(99) });
  const summary = await generateDemo(kartu, { seed: 5, members: 14, days: 42, ...options });
  const db = kartu.sandbox.database.sqlite;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
  const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  const rows = (query: string) => db.prepare(query).all();
  const data = {
    summary,
    counts,
    authorizations: rows('SELECT id, card_id, cardholder_id, amount, approved, decline_reason, status, merchant_name, created_at FROM authorizations ORDER BY id'),
    transactions: rows('SELECT id, type, authorization_id, amount, created_at FROM transactions ORDER BY id'),
    balances: rows('SELECT id, debits_posted, credits_posted, debits_pending, credits_pending FROM ledger_accounts ORDER BY id'),
    points: rows('SELECT id, account_id, kind, points, created_at FROM rewards_points_entries ORDER BY id'),
    redemptions: rows('SELECT * FROM rewards_redemptions ORDER BY id'),
    members: rows('SELECT id, cardholder_id, tier_id FROM rewards_members ORDER BY id'),
    holders: rows('SELECT id, name, phone, email, birth_date, created_at FROM cardholders ORDER BY id'),
  };
  await kartu.close();
  return data;
}

describe('demo data from a seed', () => {
  it('is the same data every time, however many days go in one commit, and whether or not the story asks for points it knows are too few', async () => {
    const reference = await storyData('reference', { daysPerCommit: 1, askPointsEveryTime: true });
    const fast = await storyData('fast', {});
    const again = await storyData('again', {});
    // The story is long enough to show what is compared: purchases, declines, free coffees.
    expect(reference.summary.authorizations).toBeGreaterThan(200);
    expect(reference.summary.declined).toBeGreaterThan(0);
    expect(reference.redemptions.length).toBeGreaterThan(0);
    // Today is in the story up to now (the dashboard opens on a day with sales), nothing after now.
    const times = reference.authorizations.map((a) => (a as { created_at: string }).created_at);
    const todayJakarta = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(times.some((t) => todayJakarta(t) === todayJakarta(NOW.toISOString()))).toBe(true);
    expect(times.every((t) => Date.parse(t) <= NOW.getTime())).toBe(true);
    expect(fast).toEqual(reference);
    expect(again).toEqual(fast);
  }, 240_000);
});
