import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyRowsInto, databaseBefore } from '../testing/older-database.js';
import { testEngine, type TestEngine } from '../testing/test-engine.js';
import { account, kopiShop, ledgerFigures, newMember, OWNER, purchase, refund, rp, type Member, type Shop } from './testing/rewards-kit.js';

const REBUILD = '2026-11-26-32-rewards-tables-rebuild';
const REBUILT = ['rewards_points_entries', 'rewards_lots', 'rewards_lot_allocations', 'rewards_earnings', 'rewards_cashback_entries'] as const;
const KEYS: Record<(typeof REBUILT)[number], string> = {
  rewards_points_entries: 'id',
  rewards_lots: 'id',
  rewards_lot_allocations: 'entry_id, lot_id',
  rewards_earnings: 'authorization_id',
  rewards_cashback_entries: 'id',
};
const START = new Date('2026-03-02T03:00:00Z');
const DAY = 86_400_000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kartu-rw32-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const rowsOf = (engine: TestEngine, table: (typeof REBUILT)[number]): unknown[] => engine.database.sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${KEYS[table]}`).all();

/** Points earned, cashback, a refund, a redemption (lot allocations) and lots that expire or not. */
async function history(engine: TestEngine): Promise<{ shop: Shop; members: Member[] }> {
  const shop = await kopiShop(engine);
  const send = (name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;
  await send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) });
  await send('tier-create', { program: shop.program, name: 'Bronze', threshold: 0 });
  await send('tier-create', { program: shop.program, name: 'Gold', threshold: rp(1_000_000), benefits: { cashback_bps: 200 } });
  const members = [await newMember(engine, shop, 'Siti Rahayu'), await newMember(engine, shop, 'Budi Santoso')];
  await purchase(engine, shop, members[0]!, rp(1_200_000)); // never expires (the default), Gold: cashback
  const refunded = await purchase(engine, shop, members[1]!, rp(300_000));
  await refund(engine, refunded.authorization, rp(100_000));
  await send('rewards-settings-update', { program: shop.program, expiry: { kind: 'rolling', months: 6 }, expiry_warning_days: 14 });
  engine.clock.advance(DAY);
  await purchase(engine, shop, members[0]!, rp(250_000));
  await purchase(engine, shop, members[1]!, rp(500_000));
  const coffee = await send('reward-create', { program: shop.program, name: 'Kopi Susu gratis', kind: 'free_item', points_cost: 100, value: { item: 'Kopi Susu' } });
  await send('redemption-create', { cardholder: members[0]!.cardholder, reward: coffee.id });
  return { shop, members };
}

describe('migration 2026-11-26-32: the rewards tables clustered by their keys', () => {
  it('keeps every row of a database made before it, and everything reads and writes them as before', async () => {
    const sourcePath = join(dir, 'source.db');
    const olderPath = join(dir, 'older.db');
    // The rows, made by the real commands; then the same rows in a database of the previous version.
    const source = await testEngine({ path: sourcePath, start: START });
    const { shop, members } = await history(source);
    const before = Object.fromEntries(REBUILT.map((t) => [t, rowsOf(source, t)]));
    const accounts = [await account(source, members[0]!), await account(source, members[1]!)];
    const activity = await source.bus.execute('rewards-activity-list', { cardholder: members[0]!.cardholder, limit: 10 }, OWNER);
    const summary = await source.bus.execute('rewards-summary', { program: shop.program }, OWNER);
    await source.close();
    await databaseBefore(olderPath, REBUILD, START);
    expect(copyRowsInto(sourcePath, olderPath)).toEqual([]);
    const old = new BetterSqlite3(olderPath, { readonly: true });
    expect((old.prepare("SELECT sql FROM sqlite_schema WHERE name = 'rewards_points_entries'").get() as { sql: string }).sql).not.toContain('WITHOUT ROWID');
    old.close();
    for (const table of REBUILT) expect(before[table]!.length, table).toBeGreaterThan(0);

    // Opening it runs the rebuild.
    const engine = await testEngine({ path: olderPath, start: new Date(START.getTime() + DAY) });
    try {
      const sqlite = engine.database.sqlite;
      expect(sqlite.prepare('SELECT name FROM kartu_migrations WHERE name = ?').get(REBUILD)).toBeTruthy();
      for (const table of REBUILT) {
        expect((sqlite.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(table) as { sql: string }).sql, table).toContain('WITHOUT ROWID');
        expect(rowsOf(engine, table), table).toEqual(before[table]);
      }
      expect(sqlite.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%_pre32%'").all()).toEqual([]);
      expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const indexes = (sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN (" + REBUILT.map(() => '?').join(',') + ') AND sql IS NOT NULL ORDER BY name').all(...REBUILT) as Array<{ name: string }>).map((r) => r.name);
      // As every later migration leaves them (2026-11-26-33 narrowed the entries' index by authorization to reversals).
      expect(indexes).toEqual([
        'rewards_cashback_entries_member', 'rewards_cashback_entries_program_kind', 'rewards_earnings_member', 'rewards_lot_allocations_lot', 'rewards_lots_expiry', 'rewards_lots_member',
        'rewards_points_entries_account', 'rewards_points_entries_dedupe', 'rewards_points_entries_program_kind', 'rewards_points_entries_reversals',
      ]);

      // The same answers from the migrated tables.
      expect(await account(engine, members[0]!)).toEqual(accounts[0]);
      expect(await account(engine, members[1]!)).toEqual(accounts[1]);
      expect(await engine.bus.execute('rewards-activity-list', { cardholder: members[0]!.cardholder, limit: 10 }, OWNER)).toEqual(activity);
      expect(await engine.bus.execute('rewards-summary', { program: shop.program }, OWNER)).toEqual(summary);

      // And the write paths on them: earning, a refund taking back points, a redemption, expiry.
      const more = await purchase(engine, shop, members[1]!, rp(400_000));
      expect(more.points_earned).toBe(40);
      await refund(engine, more.authorization, rp(400_000));
      expect((await account(engine, members[1]!)).points).toBe(accounts[1]!.points);
      // The first purchases, before the 6-month policy, never expire; what is left of the rest does.
      const balances = async (): Promise<number> => (await account(engine, members[0]!)).points + (await account(engine, members[1]!)).points;
      const held = await balances();
      engine.clock.advance(200 * DAY);
      const due = (sqlite.prepare("SELECT coalesce(sum(remaining), 0) AS n FROM rewards_lots WHERE expires_at <> '9999-12-31T23:59:59.999Z'").get() as { n: number }).n;
      expect(due).toBeGreaterThan(0);
      const expired = (await engine.bus.execute('rewards-expire-points', {}, OWNER)) as { expired_points: number };
      expect(expired.expired_points).toBe(due);
      expect(await balances()).toBe(held - due);
      expect(await balances()).toBeGreaterThan(0);
      for (const m of members) {
        const figures = ledgerFigures(engine, (await account(engine, m)).member as string);
        expect(figures.entries).toBe(figures.lots - figures.owed);
        expect(figures.allocationMismatch).toBe(0);
      }
    } finally {
      await engine.close();
    }
  });

  it('reads due lots from the partial expiry index, which holds only lots that can expire', async () => {
    const engine = await testEngine({ start: START });
    try {
      await history(engine);
      const sqlite = engine.database.sqlite;
      const indexed = (sqlite.prepare('SELECT count(*) AS n FROM rewards_lots INDEXED BY rewards_lots_expiry WHERE remaining > 0 AND expires_at < \'9999-12-31T23:59:59.999Z\'').get() as { n: number }).n;
      const all = (sqlite.prepare('SELECT count(*) AS n FROM rewards_lots').get() as { n: number }).n;
      const never = (sqlite.prepare("SELECT count(*) AS n FROM rewards_lots WHERE expires_at = '9999-12-31T23:59:59.999Z'").get() as { n: number }).n;
      expect(never).toBeGreaterThan(0);
      expect(indexed).toBeGreaterThan(0);
      expect(indexed).toBeLessThan(all - never + 1);
      const plan = (sqlite.prepare(
        "EXPLAIN QUERY PLAN SELECT l.id FROM rewards_lots l WHERE l.remaining > 0 AND l.expires_at < '9999-12-31T23:59:59.999Z' AND l.expires_at <= ?",
      ).all('2027-01-01') as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
      expect(plan).toContain('rewards_lots_expiry');
    } finally {
      await engine.close();
    }
  });
});
