import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyRowsInto, databaseBefore } from '../testing/older-database.js';
import { testEngine, type TestEngine } from '../testing/test-engine.js';
import { BRANCHES, kopiShop, newMember, OWNER, rp, type Member, type Shop } from './testing/rewards-kit.js';

/**
 * Migrations 2026-11-26-33 and 33b: a captured purchase's 'earn' entries (points and cashback) go
 * into no index but their tables' own and the account's; what reads them by authorization or by
 * program takes those figures from the purchase's earnings row instead.
 *
 * 33: a purchase's points entries are found by authorization for its reversals only (a partial
 * index a capture never writes); the points it earned come from its earnings row. The reports'
 * facts must keep the very figures the entries give: earned = its 'earn' entries, taken back = its
 * 'reverse' entries (what a refund really took back, which is less than the earnings row's share
 * when points already spent were written off).
 *
 * 33b: the programs' flow indexes hold every kind but 'earn'; the rewards summary sums 'earn' from
 * the earnings index by member. Its figures must stay those of the entries.
 */
const MIGRATION = '2026-11-26-33-points-entries-reversals';
const MIGRATION_B = '2026-11-26-33b-rewards-flows-without-earn';
const START = new Date('2026-03-02T08:00:00Z'); // Monday 15:00 in Jakarta

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kartu-rw33-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const send = (engine: TestEngine, name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;

async function buy(engine: TestEngine, member: Member, amount: number): Promise<{ authorization: string; capture: string }> {
  const sudirman = BRANCHES[0];
  const auth = await send(engine, 'authorization-create', {
    card: member.card,
    amount,
    currency: 'IDR',
    merchant: { id: sudirman.merchant_id, name: sudirman.name, mcc: sudirman.mcc, country: 'ID', city: sudirman.city },
  });
  expect(auth.approved).toBe(true);
  const capture = await send(engine, 'authorization-capture', { id: auth.id });
  return { authorization: auth.id, capture: capture.id };
}

/**
 * Purchases through the real authorization path: points, cashback for Gold, a partial refund, and
 * a full refund of a purchase whose points were spent on a reward (so part of the take-back is
 * written off: the program does not allow a negative balance).
 */
async function history(engine: TestEngine): Promise<{ shop: Shop; members: Member[] }> {
  const shop = await kopiShop(engine);
  await send(engine, 'earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) });
  await send(engine, 'tier-create', { program: shop.program, name: 'Bronze', threshold: 0 });
  await send(engine, 'tier-create', { program: shop.program, name: 'Gold', threshold: rp(1_000_000), benefits: { cashback_bps: 200 } });
  const members = [await newMember(engine, shop, 'Siti Rahayu'), await newMember(engine, shop, 'Budi Santoso')];
  for (const m of members) await send(engine, 'top-up-create', { card: m.card, amount: rp(5_000_000) });
  await buy(engine, members[0]!, rp(1_200_000)); // 120 points, Gold from here on
  await buy(engine, members[0]!, rp(300_000)); // cashback
  const partly = await buy(engine, members[1]!, rp(400_000));
  await send(engine, 'transaction-refund', { id: partly.capture, amount: rp(100_000) });
  const spent = await buy(engine, members[1]!, rp(1_000_000)); // 100 points
  const coffee = await send(engine, 'reward-create', { program: shop.program, name: 'Kopi Susu gratis', kind: 'free_item', points_cost: 120, value: { item: 'Kopi Susu' } });
  await send(engine, 'redemption-create', { cardholder: members[1]!.cardholder, reward: coffee.id });
  await send(engine, 'transaction-refund', { id: spent.capture });
  return { shop, members };
}

/** Every fact's points against the entries themselves (the definition the facts had before). */
function factsAgainstEntries(engine: TestEngine): Array<{ id: string; fact: [number, number]; entries: [number, number] }> {
  const rows = engine.database.sqlite
    .prepare(
      `SELECT f.authorization_id AS id, f.points_earned AS fe, f.points_reversed AS fr,
        (SELECT coalesce(sum(points), 0) FROM rewards_points_entries p WHERE p.authorization_id = f.authorization_id AND p.kind = 'earn') AS ee,
        (SELECT coalesce(sum(points), 0) FROM rewards_points_entries p WHERE p.authorization_id = f.authorization_id AND p.kind = 'reverse') AS er
       FROM report_facts f ORDER BY f.authorization_id`,
    )
    .all() as Array<{ id: string; fe: number; fr: number; ee: number; er: number }>;
  return rows.map((r) => ({ id: r.id, fact: [r.fe, r.fr], entries: [r.ee, r.er === 0 ? 0 : -r.er] }));
}

describe('migration 2026-11-26-33: points entries by authorization, for reversals only', () => {
  it('migrates a database of the previous version; facts keep the figures of the entries, before and after, written off included', async () => {
    const sourcePath = join(dir, 'source.db');
    const olderPath = join(dir, 'older.db');
    const source = await testEngine({ path: sourcePath, start: START });
    const { shop, members } = await history(source);
    const facts = source.database.sqlite.prepare('SELECT * FROM report_facts ORDER BY authorization_id').all();
    await source.close();
    await databaseBefore(olderPath, MIGRATION, START);
    expect(copyRowsInto(sourcePath, olderPath)).toEqual([]);
    const old = new BetterSqlite3(olderPath, { readonly: true });
    expect(old.prepare("SELECT name FROM sqlite_schema WHERE name = 'rewards_points_entries_authorization'").get()).toBeTruthy();
    old.close();

    const engine = await testEngine({ path: olderPath, start: new Date(START.getTime() + 3_600_000) });
    try {
      const sqlite = engine.database.sqlite;
      expect(sqlite.prepare('SELECT name FROM kartu_migrations WHERE name = ?').get(MIGRATION)).toBeTruthy();
      const indexes = (sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'rewards_points_entries' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes).toEqual(['rewards_points_entries_account', 'rewards_points_entries_dedupe', 'rewards_points_entries_program_kind', 'rewards_points_entries_reversals']);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.prepare('SELECT * FROM report_facts ORDER BY authorization_id').all()).toEqual(facts);

      // The history covers what matters: points earned, some taken back, some of those written off.
      const checked = factsAgainstEntries(engine);
      expect(checked.filter((c) => c.entries[0] > 0).length).toBe(4);
      expect(checked.filter((c) => c.entries[1] > 0).length).toBe(2);
      const writtenOff = sqlite.prepare("SELECT count(*) AS n FROM rewards_points_entries WHERE kind = 'reverse' AND details LIKE '%written_off%'").get() as { n: number };
      expect(writtenOff.n).toBe(1);
      const earningsRow = sqlite.prepare("SELECT count(*) AS n FROM rewards_earnings WHERE points_reversed > 0 AND points_reversed != -(SELECT sum(points) FROM rewards_points_entries p WHERE p.authorization_id = rewards_earnings.authorization_id AND p.kind = 'reverse')").get() as { n: number };
      expect(earningsRow.n).toBe(1); // the earnings row's share is not what the facts show: the entries are
      for (const c of checked) expect(c.fact, c.id).toEqual(c.entries);

      // Recomputing every fact with the new reads changes none of them.
      const rebuilt = await send(engine, 'reports-rebuild', {});
      expect(rebuilt.facts_changed).toBe(0);

      // New purchases and refunds on the migrated database: the same agreement.
      const more = await buy(engine, members[0]!, rp(600_000));
      await send(engine, 'transaction-refund', { id: more.capture, amount: rp(250_000) });
      await buy(engine, members[1]!, rp(200_000));
      for (const c of factsAgainstEntries(engine)) expect(c.fact, c.id).toEqual(c.entries);
      expect(factsAgainstEntries(engine).filter((c) => c.entries[1] > 0).length).toBe(3);
      expect((await send(engine, 'reports-rebuild', { program: shop.program })).facts_changed).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('reads a purchase\'s reversals from the partial index alone, with no scan of the ledger', async () => {
    const engine = await testEngine({ start: START });
    try {
      const plan = (query: string): string =>
        (engine.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
      const sum = "SELECT coalesce(sum(p.points), 0) FROM rewards_points_entries p WHERE p.authorization_id = a.id AND p.kind = 'reverse'";
      const how = plan(`SELECT a.id, (${sum}) FROM authorizations a WHERE a.id = 'auth_x'`);
      expect(how).toContain('USING COVERING INDEX rewards_points_entries_reversals');
      expect(how).not.toContain('SCAN p');
    } finally {
      await engine.close();
    }
  });
});

/** The summary's flows as the entries give them (its definition before 33b: every kind from the entries). */
function flowsFromEntries(engine: TestEngine, program: string) {
  const sqlite = engine.database.sqlite;
  const points = Object.fromEntries(
    (sqlite.prepare("SELECT kind, sum(points) AS n FROM rewards_points_entries WHERE program_id = ? AND account_id LIKE 'mbr_%' GROUP BY kind").all(program) as Array<{ kind: string; n: number }>).map((r) => [r.kind, r.n]),
  );
  const cash = Object.fromEntries(
    (sqlite.prepare('SELECT kind, sum(amount_minor) AS n FROM rewards_cashback_entries WHERE program_id = ? GROUP BY kind').all(program) as Array<{ kind: string; n: number }>).map((r) => [r.kind, r.n]),
  );
  const f = (m: Record<string, number>, k: string): number => m[k] ?? 0;
  return {
    points: {
      earned: f(points, 'earn') + f(points, 'bonus') + f(points, 'reverse'),
      redeemed: -(f(points, 'spend') + f(points, 'restore')),
      expired: -f(points, 'expire'),
      adjusted: f(points, 'adjust'),
      partner_net: f(points, 'partner_in') + f(points, 'partner_out'),
    },
    cashback: {
      liability: Object.values(cash).reduce((a, b) => a + b, 0),
      earned: f(cash, 'earn') + f(cash, 'reverse'),
      reward_credits: f(cash, 'reward_credit') + f(cash, 'reward_credit_reversed'),
    },
    kinds: { points: Object.keys(points).sort(), cash: Object.keys(cash).sort() },
  };
}

const plan = (engine: TestEngine, query: string, ...params: unknown[]): string =>
  (engine.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');

describe('migration 2026-11-26-33b: the programs\' flow indexes without purchases\' earning', () => {
  it('migrates a database of the previous version; the rewards summary keeps the figures of the entries', async () => {
    const sourcePath = join(dir, 'source.db');
    const olderPath = join(dir, 'older.db');
    const source = await testEngine({ path: sourcePath, start: START });
    const { shop, members } = await history(source);
    await send(source, 'earning-rule-create', { program: shop.program, type: 'signup', points: 25 });
    const third = await newMember(source, shop, 'Dewi Lestari');
    await send(source, 'top-up-create', { card: third.card, amount: rp(5_000_000) });
    await send(source, 'rewards-member-enroll', { cardholder: third.cardholder, program: shop.program });
    await send(source, 'rewards-adjust', { cardholder: members[0]!.cardholder, program: shop.program, points: -7, reason: 'counter mistake' });
    const summary = await send(source, 'rewards-summary', { program: shop.program });
    await source.close();
    await databaseBefore(olderPath, MIGRATION_B, START);
    expect(copyRowsInto(sourcePath, olderPath)).toEqual([]);
    const old = new BetterSqlite3(olderPath, { readonly: true });
    const earnIndexed = old.prepare("SELECT count(*) AS n FROM rewards_points_entries INDEXED BY rewards_points_entries_program_kind WHERE program_id = ? AND kind = 'earn'").get(shop.program) as { n: number };
    expect(earnIndexed.n).toBeGreaterThan(0);
    old.close();

    const engine = await testEngine({ path: olderPath, start: new Date(START.getTime() + 3_600_000) });
    try {
      const sqlite = engine.database.sqlite;
      expect(sqlite.prepare('SELECT name FROM kartu_migrations WHERE name = ?').get(MIGRATION_B)).toBeTruthy();
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const definitions = Object.fromEntries(
        (sqlite.prepare("SELECT name, sql FROM sqlite_schema WHERE name IN ('rewards_points_entries_program_kind', 'rewards_cashback_entries_program_kind', 'rewards_earnings_member')").all() as Array<{ name: string; sql: string }>).map((r) => [r.name, r.sql]),
      );
      expect(definitions.rewards_points_entries_program_kind).toContain("WHERE kind <> 'earn'");
      expect(definitions.rewards_cashback_entries_program_kind).toContain("WHERE kind <> 'earn'");
      expect(definitions.rewards_earnings_member).toContain('points_earned, cashback_minor');

      // Every kind of flow is there to be summed, purchases' earning and the rest.
      const before = flowsFromEntries(engine, shop.program);
      expect(before.kinds.points).toEqual(['adjust', 'bonus', 'earn', 'reverse', 'spend']);
      expect(before.kinds.cash).toEqual(['earn']);
      const migrated = await send(engine, 'rewards-summary', { program: shop.program });
      expect(migrated).toEqual(summary);
      expect(migrated.points).toMatchObject(before.points);
      expect(migrated.cashback).toEqual({ liability: before.cashback.liability, earned: before.cashback.earned, reward_credits: before.cashback.reward_credits });

      // Captures, a refund with cashback taken back, on the migrated database: the same agreement.
      const more = await buy(engine, members[0]!, rp(600_000));
      await send(engine, 'transaction-refund', { id: more.capture, amount: rp(250_000) });
      await buy(engine, third, rp(200_000));
      const after = flowsFromEntries(engine, shop.program);
      expect(after.kinds.cash).toEqual(['earn', 'reverse']);
      const now = await send(engine, 'rewards-summary', { program: shop.program });
      expect(now.points).toMatchObject(after.points);
      expect(now.cashback).toEqual({ liability: after.cashback.liability, earned: after.cashback.earned, reward_credits: after.cashback.reward_credits });
      expect(now.points.earned).toBeGreaterThan(migrated.points.earned);
      // No 'earn' entry is in the flow indexes; every other one is.
      const inIndex = (table: string, index: string): number =>
        (sqlite.prepare(`SELECT count(*) AS n FROM ${table} INDEXED BY ${index} WHERE program_id = ? AND kind <> 'earn'`).get(shop.program) as { n: number }).n;
      const others = (table: string): number => (sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE program_id = ? AND kind <> 'earn'`).get(shop.program) as { n: number }).n;
      expect(inIndex('rewards_points_entries', 'rewards_points_entries_program_kind')).toBe(others('rewards_points_entries'));
      expect(inIndex('rewards_cashback_entries', 'rewards_cashback_entries_program_kind')).toBe(others('rewards_cashback_entries'));
    } finally {
      await engine.close();
    }
  });

  it('reads every flow from an index: the flow indexes for other kinds, the earnings index for purchases', async () => {
    const engine = await testEngine({ start: START });
    try {
      const points = plan(engine, "SELECT kind, sum(points) FROM rewards_points_entries WHERE program_id = 'p' AND kind <> 'earn' AND account_id LIKE 'mbr_%' GROUP BY kind");
      expect(points).toContain('USING COVERING INDEX rewards_points_entries_program_kind');
      const cash = plan(engine, "SELECT kind, sum(amount_minor) FROM rewards_cashback_entries WHERE program_id = 'p' AND kind <> 'earn' GROUP BY kind");
      expect(cash).toContain('USING COVERING INDEX rewards_cashback_entries_program_kind');
      const rolled = plan(engine, "SELECT e.id FROM rewards_points_entries e WHERE e.program_id = 'p' AND e.kind = 'spend' AND e.kind <> 'earn' ORDER BY e.created_at, e.id LIMIT 10");
      expect(rolled).toContain('rewards_points_entries_program_kind');
      const earned = plan(engine, "SELECT sum(e.points_earned), sum(e.cashback_minor) FROM rewards_members m JOIN rewards_earnings e ON e.member_id = m.id WHERE m.program_id = 'p'");
      expect(earned).toContain('USING COVERING INDEX rewards_earnings_member');
      expect(earned).not.toContain('SCAN e');
    } finally {
      await engine.close();
    }
  });
});

