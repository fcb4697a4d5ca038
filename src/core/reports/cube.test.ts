import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testEngine, OWNER, type TestEngine } from '../testing/test-engine.js';
import { actionArb, record, runActions, setupWorld, type World } from './testing/report-world.js';
import { cube, type CubeQuery, type Dim, type Family } from './cube.js';
import { resolveScope, type ReportFilters } from './scope.js';
import { ALL } from './place.js';
import { addDays } from './zone-time.js';

/**
 * The rollups hold each fact in its branch's cell and (card and heat rollups) in a total cell: a
 * read must take exactly one of the two. Every family, with every grouping the reports use (and a
 * few they do not), with and without branch and tier filters, over ranges that hit every grain,
 * against the same sums taken straight from the facts.
 */
const MONEY = ['purchases', 'gross_minor', 'refunds_minor'];
const DIMS: Record<Family, Dim[][]> = {
  spend: [[], ['period'], ['mcc'], ['tier'], ['place', 'merchant_key'], ['period', 'approved', 'decline_reason', 'stand_in', 'risk_flag'], ['is_foreign']],
  heat: [[], ['weekday', 'hour'], ['place'], ['tier'], ['place', 'hour'], ['weekday']],
  card: [[], ['card_id'], ['cardholder_id'], ['cardholder_id', 'card_id', 'mcc'], ['mcc'], ['place'], ['place', 'mcc'], ['tier'], ['card_id', 'tier']],
};

let engine: TestEngine;
let world: World;

beforeAll(async () => {
  engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed: 7 });
  world = await setupWorld(engine, 6);
  // Random actions with a jump of a few weeks every so often: a history over more than a year.
  const actions = fc.sample(fc.array(actionArb, { minLength: 160, maxLength: 160 }), { numRuns: 1, seed: 11 })[0]!;
  await runActions(engine, world, actions.flatMap((a, i) => (i % 10 === 9 ? [a, { t: 'jump' as const, days: 29 }] : [a])));
  // A merchant whose id is the totals' marker must stay a branch of its own.
  for (const amount of [70_000, 30_000]) {
    const auth = (await engine.bus.execute('authorization-create', { card: world.members[1]!.card, amount, merchant: { id: ALL, name: 'Star', mcc: '5999', country: 'ID' } }, OWNER)) as { id: string; approved: boolean };
    if (auth.approved) await engine.bus.execute('authorization-capture', { id: auth.id }, OWNER);
    await record(engine, world, auth.id);
  }
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

function fromFacts(filters: { programs: string[]; from: string; to: string; places: string[] | null; tier: string | null }, family: Family, dims: Dim[], period: CubeQuery['period']): Map<string, number[]> {
  const cond = [`program_id IN (${filters.programs.map(() => '?').join(',')})`, 'day >= ?', 'day <= ?'];
  const args: unknown[] = [...filters.programs, filters.from, filters.to];
  if (filters.places) {
    cond.push(`place IN (${filters.places.map(() => '?').join(',')})`);
    args.push(...filters.places);
  }
  if (filters.tier) {
    cond.push('tier = ?');
    args.push(filters.tier);
  }
  const measures = family === 'spend' ? [...MONEY, 'decisions'] : MONEY;
  const cols = dims.map((d) => (d === 'period' ? (period === 'day' ? 'day' : period === 'month' ? 'substr(day, 1, 7)' : "'all'") : d));
  const sqlText = `SELECT ${[...cols.map((c, i) => `${c} AS d${i}`), ...measures.map((m) => `sum(${m}) AS ${m}`)].join(', ')} FROM report_facts WHERE ${cond.join(' AND ')}${cols.length ? ` GROUP BY ${cols.join(', ')}` : ''}`;
  const rows = engine.database.sqlite.prepare(sqlText).all(...args) as Array<Record<string, number | string>>;
  return nonZero(rows.map((r) => [dims.map((_, i) => String(r[`d${i}`])).join('|'), measures.map((m) => Number(r[m] ?? 0))]));
}

function nonZero(rows: Array<[string, number[]]>): Map<string, number[]> {
  return new Map(rows.filter(([, v]) => v.some((n) => n !== 0)).sort(([a], [b]) => a.localeCompare(b)));
}

describe('cube reads each fact once from the rollups', () => {
  it('for every family, grouping, filter and range', async () => {
    const db = engine.services.db;
    const days = (engine.database.sqlite.prepare('SELECT min(day) AS a, max(day) AS b FROM report_facts').get() as { a: string; b: string });
    expect(days.b > addDays(days.a, 400), `${days.a}..${days.b}`).toBe(true);
    const starCells = engine.database.sqlite.prepare("SELECT count(*) AS n FROM report_facts WHERE place = 'id:*'").get() as { n: number };
    expect(starCells.n).toBe(2);
    const ranges: Array<[string, string]> = [
      [days.a, days.b],
      [`${days.a.slice(0, 4)}-01-01`, `${days.b.slice(0, 4)}-12-31`],
      [addDays(days.a, 3), addDays(days.b, -40)],
      [addDays(days.a, 40), addDays(days.a, 130)],
      [days.b, days.b],
    ];
    const loc = world.locations[0]!;
    const filterSets: Array<Partial<ReportFilters>> = [{}, { branch: loc }, { branch: 'MRC-GROC-01' }, { branch: ALL }, { tier: world.tiers[0]! }, { branch: loc, tier: world.tiers[1]! }, { program: world.prepaid }];
    let compared = 0;
    let nonEmpty = 0;
    for (const [from, to] of ranges) {
      for (const extra of filterSets) {
        const scope = await resolveScope(db, { from, to, ...extra }, engine.clock.now());
        const ref = { programs: scope.programs.map((p) => p.id), from, to, places: scope.places, tier: scope.tier };
        for (const family of ['spend', 'heat', 'card'] as const) {
          for (const dims of DIMS[family]) {
            const periods: Array<CubeQuery['period']> = family === 'card' || !dims.includes('period') ? ['all'] : ['day', 'month'];
            for (const period of periods) {
              const measures = family === 'spend' ? [...MONEY, 'decisions'] : MONEY;
              const rows = await cube(db, scope, { family, period, dims, measures });
              const got = nonZero(rows.map((r) => [dims.map((d) => String(r[d])).join('|'), measures.map((m) => Number(r[m]))]));
              const want = fromFacts(ref, family, dims, period);
              expect(got, `${family} [${dims.join(',')}] ${period} ${from}..${to} ${JSON.stringify(extra)}`).toEqual(want);
              compared++;
              if (want.size > 0) nonEmpty++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(400);
    expect(nonEmpty).toBeGreaterThan(200);
  }, 120_000);

  it('a branch filter of "*" finds only the merchant of that id, never the totals', async () => {
    const scope = await resolveScope(engine.services.db, { from: '2025-01-01', to: '2030-12-31', branch: ALL }, engine.clock.now());
    expect(scope.places).toEqual(['id:*']);
    const cards = await cube(engine.services.db, scope, { family: 'card', period: 'all', dims: [], measures: MONEY });
    const facts = engine.database.sqlite.prepare("SELECT sum(gross_minor) AS g FROM report_facts WHERE place = 'id:*'").get() as { g: number };
    expect(Number(cards[0]?.gross_minor ?? 0)).toBe(facts.g);
  });
});
