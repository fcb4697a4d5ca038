import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testEngine, OWNER, type TestEngine } from '../testing/test-engine.js';
import { actionArb, BRANCHES, runActions, setupWorld, type World } from './testing/report-world.js';
import { referenceAuths, type RefAuth } from './testing/reference.js';
import { addDays, daysBetween } from './zone-time.js';
import { campaignReport } from './campaign-reports.js';
import { campaignRollupStates, rollupUsable } from './campaign-rollup.js';
import { resolveScope } from './scope.js';
import { up as campaignsMigration } from '../db/migrations/2026-11-26-31-report-campaigns.js';

/**
 * Campaign results against a recomputation from the rows: spend at the targeted branches or tiers
 * during the campaign and in the period of the same length before it, awards and rewarded members,
 * and the rewarded members' own spend in both periods.
 */
let engine: TestEngine;
let world: World;
let campaigns: Array<{ id: string; starts_on: string; ends_on: string; locations?: string[]; tiers?: string[] }>;

beforeAll(async () => {
  engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed: 21 });
  world = await setupWorld(engine, 6);
  const specs = [
    { name: 'Sudirman double', starts_on: '2025-11-25', ends_on: '2025-12-20', targeting: { locations: [world.locations[0]!] }, effect: { multiplier: 2 } },
    { name: 'Silver bonus', starts_on: '2025-11-20', ends_on: '2026-02-10', targeting: { tiers: [world.tiers[0]!, world.tiers[1]!] }, effect: { bonus_points: 3 } },
    { name: 'Everyone', starts_on: '2025-12-01', ends_on: '2025-12-31', effect: { bonus_points: 1 } },
  ];
  campaigns = [];
  for (const spec of specs) {
    const c = (await engine.bus.execute('campaign-create', { program: world.program, ...spec }, OWNER)) as { id: string };
    campaigns.push({ id: c.id, starts_on: spec.starts_on, ends_on: spec.ends_on, ...spec.targeting });
  }
  const actions = fc.sample(fc.array(actionArb, { minLength: 150, maxLength: 150 }), { numRuns: 1, seed: 3 })[0]!;
  // No long jumps: the history stays around the campaigns (a few months).
  await runActions(engine, world, actions.map((a) => (a.t === 'jump' ? { ...a, days: 1 + (a.days % 4) } : a)));
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

const net = (rows: readonly RefAuth[]): number => rows.reduce((s, r) => s + r.gross - r.refunds, 0);

describe('campaign report', () => {
  it('matches the rows for every campaign', async () => {
    const refs = referenceAuths(engine, world.tierAt).filter((r) => r.program_id === world.program);
    const sqlite = engine.database.sqlite;
    const report = (await engine.bus.execute('report-campaigns', { program: world.program, from: '2025-11-01', to: '2026-03-31' }, OWNER)) as any;
    expect(report.rows).toHaveLength(campaigns.length);
    let spent = 0;
    let rewarded = 0;
    for (const c of campaigns) {
      const row = report.rows.find((r: { campaign: string }) => r.campaign === c.id);
      expect(row, c.id).toBeDefined();
      const to = row.measured_to as string;
      expect(to <= c.ends_on).toBe(true);
      const length = daysBetween(c.starts_on, to) + 1;
      const before = { from: addDays(c.starts_on, -length), to: addDays(c.starts_on, -1) };
      expect(row.comparison).toEqual({ method: 'previous_period', ...before });
      const places = c.locations ? c.locations.flatMap((l) => [l, BRANCHES[world.locations.indexOf(l)]!.merchant_id]) : null;
      const targeted = (r: RefAuth) => (!places || places.includes(r.place)) && (!c.tiers || c.tiers.includes(r.tier));
      const within = (r: RefAuth, f: string, t: string) => r.day >= f && r.day <= t;
      expect(row.spend_minor, `${c.id} spend`).toBe(net(refs.filter((r) => targeted(r) && within(r, c.starts_on, to))));
      expect(row.previous_spend_minor, `${c.id} previous`).toBe(net(refs.filter((r) => targeted(r) && within(r, before.from, before.to))));
      expect(row.extra_spend_minor).toBe(row.spend_minor - row.previous_spend_minor);
      const awards = sqlite.prepare('SELECT m.cardholder_id FROM rewards_campaign_awards a JOIN rewards_members m ON m.id = a.member_id WHERE a.campaign_id = ?').all(c.id) as Array<{ cardholder_id: string }>;
      const holders = new Set(awards.map((a) => a.cardholder_id));
      expect(row.awards, `${c.id} awards`).toBe(awards.length);
      expect(row.participants, `${c.id} participants`).toBe(holders.size);
      const mine = refs.filter((r) => holders.has(r.cardholder_id));
      expect(row.participants_spend_minor, `${c.id} participants' spend`).toBe(net(mine.filter((r) => within(r, c.starts_on, to))));
      expect(row.participants_previous_spend_minor).toBe(net(mine.filter((r) => within(r, before.from, before.to))));
      spent += row.spend_minor;
      rewarded += row.participants;
    }
    // The history did reach the campaigns.
    expect(spent).toBeGreaterThan(0);
    expect(rewarded).toBeGreaterThan(0);
  }, 60_000);

  it('answers the same through the campaigns rollup as straight from the facts', async () => {
    const now = engine.clock.now();
    const db = engine.services.db;
    const sqlite = engine.database.sqlite;
    // The rollup is what the report reads: every campaign with members is held as it is now.
    const states = await campaignRollupStates(db, campaigns.map((c) => c.id));
    let held = 0;
    for (const c of campaigns) {
      const row = sqlite.prepare('SELECT starts_on, ends_on FROM rewards_campaigns WHERE id = ?').get(c.id) as { starts_on: string; ends_on: string };
      const n = (sqlite.prepare('SELECT count(DISTINCT member_id) AS n FROM rewards_campaign_awards WHERE campaign_id = ?').get(c.id) as { n: number }).n;
      if (n > 0) {
        expect(rollupUsable(states.get(c.id), row, n), c.id).toBe(true);
        held++;
      }
    }
    expect(held).toBeGreaterThan(0);
    for (const [from, to] of [['2025-11-01', '2026-03-31'], ['2025-12-01', '2025-12-31'], ['2025-11-20', '2025-11-26']] as const) {
      const scope = await resolveScope(db, { program: world.program, from, to }, now);
      const viaRollup = await campaignReport(db, scope, now);
      const direct = await campaignReport(db, scope, now, { source: 'facts' });
      expect(viaRollup, `${from}..${to}`).toEqual(direct);
    }
  });

  it('migration 2026-11-26-31 back-fills the same rollup the purchases kept', async () => {
    const sqlite = engine.database.sqlite;
    const dump = () => ({
      campaigns: sqlite.prepare('SELECT * FROM report_campaigns ORDER BY campaign_id').all(),
      participants: sqlite.prepare('SELECT * FROM report_campaign_participants ORDER BY campaign_id, cardholder_id').all(),
      days: sqlite.prepare('SELECT * FROM report_campaign_days WHERE purchases <> 0 OR gross_minor <> 0 OR refunds_minor <> 0 ORDER BY campaign_id, day').all(),
    });
    const kept = dump();
    expect(kept.days.length).toBeGreaterThan(0);
    const report = await engine.bus.execute('report-campaigns', { program: world.program, from: '2025-11-01', to: '2026-03-31' }, OWNER);
    // A database from before the migration: none of its tables, nor the awards' source index.
    sqlite.exec('DROP TABLE report_campaigns; DROP TABLE report_campaign_participants; DROP TABLE report_campaign_days; DROP INDEX report_campaign_awards_source;');
    await engine.services.db.transaction().execute((trx) => campaignsMigration(trx));
    expect(dump()).toEqual(kept);
    expect(await engine.bus.execute('report-campaigns', { program: world.program, from: '2025-11-01', to: '2026-03-31' }, OWNER)).toEqual(report);
  });
});
