import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testEngine, OWNER, type TestEngine } from '../testing/test-engine.js';
import { actionArb, runActions, setupWorld, type World } from './testing/report-world.js';
import { referenceAuths, type RefAuth } from './testing/reference.js';
import { addDays, weekStart } from './zone-time.js';
import { TZDate } from '@date-fns/tz';

/** Independent of the code under test: date-fns' zone arithmetic. */
function jakartaStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 'Asia/Jakarta').getTime()).toISOString();
}

async function compareLoyalty(engine: TestEngine, world: World, refsAll: RefAuth[], f: Filters): Promise<void> {
  const db = engine.database.sqlite;
  const refs = refsAll.filter((r) => inScope(r, f, placesOf(world, f)));
  const report = (await engine.bus.execute('report-loyalty', { ...f }, OWNER)) as any;
  const label = `loyalty ${JSON.stringify(f)}`;
  expect(report.totals.points_earned, label).toBe(refs.reduce((s, r) => s + r.points_earned, 0));
  expect(report.totals.points_reversed, label).toBe(refs.reduce((s, r) => s + r.points_reversed, 0));
  // Activity is counted over the programs with rewards only, where the members are.
  const rewarded = new Set((db.prepare('SELECT program_id FROM rewards_programs').all() as Array<{ program_id: string }>).map((r) => r.program_id));
  const visits = refs.filter((r) => r.captured && rewarded.has(r.program_id));
  expect(report.totals.active_members, label).toBe(new Set(visits.map((r) => r.cardholder_id)).size);
  expect(report.totals.visits, label).toBe(visits.length);
  // The rest of the points ledger, by kind, in the period (the branch filter does not apply).
  const cardMember = f.card ? world.members.find((m) => m.card === f.card)! : null;
  const programs = f.program ? [f.program] : cardMember ? [cardMember.program] : [world.program, world.prepaid];
  const cardholder = cardMember?.cardholder ?? null;
  const entries = db
    .prepare(
      `SELECT p.id, p.kind, p.points, p.created_at, m.cardholder_id FROM rewards_points_entries p JOIN rewards_members m ON m.id = p.account_id WHERE p.program_id IN (${programs.map(() => '?').join(',')})`,
    )
    .all(...programs) as Array<{ id: string; kind: string; points: number; created_at: string; cardholder_id: string }>;
  // The tier filter: the member's tier when the entry was written (as for purchases).
  const inPeriod = entries.filter((e) => e.created_at >= jakartaStart(f.from) && e.created_at < jakartaStart(addDays(f.to, 1)) && (!cardholder || e.cardholder_id === cardholder) && (!f.tier || world.entryTier.get(e.id) === f.tier));
  const sum = (kind: string) => inPeriod.filter((e) => e.kind === kind).reduce((s, e) => s + e.points, 0);
  expect(report.totals.points_bonus, label).toBe(sum('bonus'));
  expect(report.totals.points_redeemed, label).toBe(-sum('spend') - sum('restore') + 0);
  expect(report.totals.points_expired, label).toBe(-sum('expire') + 0);
  expect(report.totals.points_adjusted, label).toBe(sum('adjust'));
  expect(report.totals.members_redeemed, label).toBe(new Set(inPeriod.filter((e) => e.kind === 'spend').map((e) => e.cardholder_id)).size);
  expect(report.totals.redemptions, label).toBe(inPeriod.filter((e) => e.kind === 'spend').length - inPeriod.filter((e) => e.kind === 'restore').length);
  // Liability now: every point of every member, whatever the filters of the period.
  expect(report.liability.points_outstanding, label).toBe(entries.reduce((s, e) => s + e.points, 0));
  expect(report.liability.points_minor, label).toBe(entries.reduce((s, e) => s + e.points, 0) * 250);
  const cashback = db.prepare(`SELECT coalesce(sum(amount_minor), 0) AS n FROM rewards_cashback_entries WHERE program_id IN (${programs.map(() => '?').join(',')})`).get(...programs) as { n: number };
  expect(report.liability.cashback.issued_to_date_minor, label).toBe(cashback.n);
}

/**
 * Every report against a recomputation from the rows the bus commands wrote, on random histories
 * (several seeds): purchases across Jakarta midnight, partial captures, refunds, reversals,
 * declines, stand-in, foreign currency; random date ranges and filters.
 */
interface Filters {
  program?: string;
  from: string;
  to: string;
  branch?: string;
  card?: string;
  tier?: string;
}

function inScope(a: RefAuth, f: Filters, places: string[] | null): boolean {
  if (a.day < f.from || a.day > f.to) return false;
  if (places && !places.includes(a.place)) return false;
  if (f.program && a.program_id !== f.program) return false;
  if (f.card && a.card_id !== f.card) return false;
  if (f.tier && a.tier !== f.tier) return false;
  return true;
}

function group<K>(rows: readonly RefAuth[], key: (a: RefAuth) => K): Map<K, RefAuth[]> {
  const out = new Map<K, RefAuth[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

const spend = (rows: readonly RefAuth[]) => {
  const gross = rows.reduce((s, r) => s + r.gross, 0);
  const refunds = rows.reduce((s, r) => s + r.refunds, 0);
  return { purchases: rows.filter((r) => r.captured).length, gross_minor: gross, refunds_minor: refunds, net_minor: gross - refunds };
};

async function pickFilters(engine: TestEngine, world: World, refs: RefAuth[], choice: { a: number; b: number; branch: number; card: number; tier: number; program: number }): Promise<Filters> {
  const days = [...new Set(refs.map((r) => r.day))].sort();
  const first = days[0] ?? '2025-11-15';
  const last = days[days.length - 1] ?? first;
  // Ranges from the data's own days, one day around them, and whole years (the year rollups).
  const candidates = [...days, addDays(first, -1), addDays(last, 1), `${first.slice(0, 4)}-01-01`, `${last.slice(0, 4)}-12-31`];
  const x = candidates[choice.a % candidates.length]!;
  const y = candidates[choice.b % candidates.length]!;
  const f: Filters = { from: x < y ? x : y, to: x < y ? y : x };
  if (choice.branch % 4 === 1) f.branch = world.locations[choice.branch % world.locations.length];
  if (choice.branch % 4 === 2) f.branch = 'MRC-GROC-01';
  if (choice.program % 3 === 1) f.program = world.program;
  if (choice.program % 3 === 2) f.program = world.prepaid;
  if (choice.card % 4 === 1) {
    const member = world.members[choice.card % world.members.length]!;
    if (!f.program || f.program === member.program) f.card = member.card;
  }
  const cardProgram = world.members.find((m) => m.card === f.card)?.program;
  if (choice.tier % 5 === 1 && f.program !== world.prepaid && cardProgram !== world.prepaid) f.tier = world.tiers[choice.tier % world.tiers.length];
  void engine;
  return f;
}

function placesOf(world: World, f: Filters): string[] | null {
  if (!f.branch) return null;
  const i = world.locations.indexOf(f.branch);
  if (i >= 0) return [f.branch, ['KN-JKT-SDR01', 'KN-JKT-KMG02', 'KN-BDG-BRG03'][i]!];
  return [f.branch];
}

async function compareAll(engine: TestEngine, world: World, refsAll: RefAuth[], f: Filters): Promise<void> {
  const send = (name: string, input: Record<string, unknown>) => engine.bus.execute(name, { ...f, ...input }, OWNER) as Promise<any>;
  const refs = refsAll.filter((r) => inScope(r, f, placesOf(world, f)));
  const label = JSON.stringify(f);

  for (const period of ['day', 'week', 'month'] as const) {
    const report = await send('report-spending', { period });
    const buckets = group(refs, (r) => (period === 'day' ? r.day : period === 'week' ? weekStart(r.day, 1) : r.day.slice(0, 7)));
    for (const row of report.rows) {
      const expected = spend(buckets.get(row.bucket) ?? []);
      expect({ bucket: row.bucket, purchases: row.purchases, gross_minor: row.gross_minor, refunds_minor: row.refunds_minor, net_minor: row.net_minor }, `${label} ${period}`).toEqual({ bucket: row.bucket, ...expected });
    }
    expect(report.rows.reduce((s: number, r: { net_minor: number }) => s + r.net_minor, 0)).toBe(spend(refs).net_minor);
    const total = spend(refs);
    expect(report.totals).toMatchObject({ ...total, fx_fee_minor: refs.reduce((s, r) => s + r.fx_fee, 0), transaction_fee_minor: refs.reduce((s, r) => s + r.fee, 0) });
    expect(report.totals.foreign_minor).toBe(refs.filter((r) => r.foreign).reduce((s, r) => s + r.gross, 0));
  }

  const summary = await send('report-spending-summary', {});
  expect(summary.totals.net_minor).toBe(spend(refs).net_minor);

  const heat = await send('report-spending-heatmap', {});
  expect(heat.rows).toHaveLength(168);
  const byHour = group(refs, (r) => `${r.weekday}:${r.hour}`);
  for (const row of heat.rows) {
    const e = spend(byHour.get(`${row.weekday}:${row.hour}`) ?? []);
    expect([row.purchases, row.net_minor], `${label} heat ${row.bucket}`).toEqual([e.purchases, e.net_minor]);
  }

  const categories = await send('report-spending-by-category', {});
  const byMcc = group(refs.filter((r) => r.captured || r.refunds > 0), (r) => r.mcc);
  expect(new Map(categories.rows.map((r: { mcc: string; net_minor: number }) => [r.mcc, r.net_minor]))).toEqual(new Map([...byMcc].map(([k, v]) => [k, spend(v).net_minor])));

  const merchants = await send('report-spending-by-merchant', {});
  const byMerchant = group(refs.filter((r) => r.captured), (r) => `${r.place}|${r.merchant_key}`);
  expect(new Map(merchants.rows.map((r: { branch: string; merchant: string; gross_minor: number }) => [`${r.branch}|${r.merchant}`, r.gross_minor]))).toEqual(
    new Map([...byMerchant].map(([k, v]) => [k, spend(v).gross_minor])),
  );
  // By branch: each of the business's own, and one row for all purchases anywhere else.
  const byBranch = group(refs.filter((r) => r.captured), (r) => (r.place.startsWith('loc_') ? r.place : 'elsewhere'));
  expect(new Map(merchants.branches.map((b: { branch: string; location: string | null; gross_minor: number }) => [b.branch, [b.location === null, b.gross_minor]]))).toEqual(
    new Map([...byBranch].map(([k, v]) => [k, [k === 'elsewhere', spend(v).gross_minor]])),
  );

  for (const by of ['card', 'cardholder'] as const) {
    const cards = await send('report-spending-by-card', { by, limit: 1_000 });
    const byCard = group(refs.filter((r) => r.captured), (r) => (by === 'card' ? r.card_id : r.cardholder_id));
    expect(new Map(cards.rows.map((r: { card: string; cardholder: string; net_minor: number; purchases: number }) => [by === 'card' ? r.card : r.cardholder, [r.purchases, r.net_minor]])), `${label} by ${by}`).toEqual(
      new Map([...byCard].map(([k, v]) => [k, [spend(v).purchases, spend(v).net_minor]])),
    );
  }

  // Corporate spend per employee and category (the card rollup's detailed cells, not its totals).
  for (const program of f.program ? [f.program] : [world.program, world.prepaid]) {
    if (f.card && world.members.find((m) => m.card === f.card)?.program !== program) continue;
    if (f.tier && program !== world.program) continue;
    const corporate = await send('report-corporate', { program });
    const mine = refs.filter((r) => r.program_id === program && (r.gross !== 0 || r.refunds !== 0));
    const byHolder = group(mine, (r) => r.cardholder_id);
    const got = new Map<string, unknown>(corporate.rows.filter((r: { purchases: number; net_minor: number }) => r.purchases > 0 || r.net_minor !== 0).map((r: { cardholder: string; net_minor: number; by_category: Array<{ mcc: string; net_minor: number }> }) => [r.cardholder, [r.net_minor, new Map(r.by_category.map((c) => [c.mcc, c.net_minor]))]]));
    const want = new Map<string, unknown>([...byHolder].map(([k, v]) => [k, [spend(v).net_minor, new Map([...group(v, (r) => r.mcc)].map(([m, rs]) => [m, spend(rs).net_minor]))]]));
    expect(got, `${label} corporate ${program}`).toEqual(want);
  }

  // A short ranking: the top rows are the biggest, the others and the totals cover the rest.
  const full = await send('report-spending-by-card', { by: 'card', limit: 1_000 });
  const top2 = await send('report-spending-by-card', { by: 'card', limit: 2 });
  expect(top2.rows.map((r: { card: string }) => r.card), `${label} top 2`).toEqual(full.rows.slice(0, 2).map((r: { card: string }) => r.card));
  expect(top2.totals, `${label} top 2 totals`).toEqual(full.totals);
  expect(top2.totals.net_minor).toBe(spend(refs.filter((r) => r.captured || r.refunds > 0)).net_minor);
  expect(top2.others.count).toBe(Math.max(0, full.rows.length - 2));
  expect(top2.others.net_minor).toBe(full.rows.slice(2).reduce((s: number, r: { net_minor: number }) => s + r.net_minor, 0));

  const auths = await send('report-authorizations', { period: 'day' });
  expect(auths.totals).toMatchObject({
    decisions: refs.length,
    approved: refs.filter((r) => r.approved).length,
    declined: refs.filter((r) => !r.approved).length,
    stand_in: refs.filter((r) => r.stand_in).length,
    flagged: refs.filter((r) => r.flagged).length,
  });
  const reasons = group(refs.filter((r) => !r.approved), (r) => r.reason || 'unknown');
  expect(new Map(auths.declines.by_reason.map((r: { reason: string; count: number }) => [r.reason, r.count]))).toEqual(new Map([...reasons].map(([k, v]) => [k, v.length])));
  for (const row of auths.rows) expect(row.decisions, `${label} decisions ${row.bucket}`).toBe(refs.filter((r) => r.day === row.bucket).length);
}

describe('reports against a recomputation from the rows', () => {
  it('agree on random histories, ranges and filters', async () => {
    const seen = { redeemed: 0, expired: 0, captured: 0, refunded: 0, declined: 0, foreign: 0, standIn: 0, tiered: 0, days: new Set<string>(), reasons: new Set<string>() };
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { minLength: 25, maxLength: 70 }),
        fc.array(fc.record({ a: fc.nat(), b: fc.nat(), branch: fc.nat(), card: fc.nat(), tier: fc.nat(), program: fc.nat() }), { minLength: 4, maxLength: 6 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        async (actions, choices, seed) => {
          const engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed });
          try {
            const world = await setupWorld(engine, 6);
            await runActions(engine, world, actions);
            const refs = referenceAuths(engine, world.tierAt);
            for (const r of refs) {
              seen.captured += r.captured ? 1 : 0;
              seen.refunded += r.refunds > 0 ? 1 : 0;
              seen.declined += r.approved ? 0 : 1;
              seen.foreign += r.foreign && r.captured ? 1 : 0;
              seen.standIn += r.stand_in ? 1 : 0;
              seen.tiered += r.tier ? 1 : 0;
              seen.days.add(r.day);
              if (r.reason) seen.reasons.add(r.reason);
            }
            seen.redeemed += (engine.database.sqlite.prepare("SELECT count(*) AS n FROM rewards_points_entries WHERE kind = 'spend'").get() as { n: number }).n;
            seen.expired += (engine.database.sqlite.prepare("SELECT count(*) AS n FROM rewards_points_entries WHERE kind = 'expire'").get() as { n: number }).n;
            await engine.bus.send('report-settings-update', { program: world.program, point_value_minor: 250 }, OWNER);
            await engine.bus.send('report-settings-update', { program: world.prepaid, point_value_minor: 250 }, OWNER);
            for (const choice of choices) {
              const filters = await pickFilters(engine, world, refs, choice);
              await compareAll(engine, world, refs, filters);
              await compareLoyalty(engine, world, refs, filters);
            }
            // The rollups kept by deltas equal a rebuild from scratch.
            const before = snapshot(engine);
            await engine.bus.send('reports-rebuild', {}, OWNER);
            expect(snapshot(engine)).toEqual(before);
          } finally {
            await engine.close();
          }
        },
      ),
      { numRuns: 6, seed: 20261125 },
    );
    // The histories did exercise what the figures are about.
    expect(seen.captured).toBeGreaterThan(10);
    expect(seen.refunded).toBeGreaterThan(2);
    expect(seen.declined).toBeGreaterThan(2);
    expect(seen.foreign).toBeGreaterThan(0);
    expect(seen.standIn).toBeGreaterThan(2);
    expect(seen.tiered).toBeGreaterThan(5);
    expect(seen.days.size).toBeGreaterThan(10);
    expect(seen.reasons.size).toBeGreaterThan(1);
    expect(seen.redeemed).toBeGreaterThan(0);
    expect(seen.expired).toBeGreaterThan(0);
  }, 240_000);
});

/** Non-zero rollup cells, sorted, for comparing the incremental rollups with a rebuild. */
function snapshot(engine: TestEngine): Record<string, unknown[]> {
  const db = engine.database.sqlite;
  const out: Record<string, unknown[]> = {};
  for (const table of ['report_spend_cells', 'report_day_cells', 'report_heat_cells', 'report_card_cells']) {
    const measures = table === 'report_spend_cells' || table === 'report_day_cells' ? 'decisions + abs(requested_minor) + abs(gross_minor) + abs(refunds_minor) + abs(fx_fee_minor) + abs(fee_minor) + abs(points_earned) + abs(points_reversed) + abs(cashback_minor)' : 'abs(purchases) + abs(gross_minor) + abs(refunds_minor)';
    out[table] = (db.prepare(`SELECT * FROM ${table} WHERE ${measures} <> 0`).all() as Array<Record<string, unknown>>)
      .map((r) => {
        const { merchant_name: _n, ...rest } = r;
        return JSON.stringify(rest);
      })
      .sort();
  }
  return out;
}
