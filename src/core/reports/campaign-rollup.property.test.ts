import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testEngine, OWNER, type TestEngine } from '../testing/test-engine.js';
import { actionArb, runActions, setupWorld, type Action, type World } from './testing/report-world.js';
import { campaignReport } from './campaign-reports.js';
import { campaignWindow, rollupUsable, type CampaignRollupState } from './campaign-rollup.js';
import { resolveScope } from './scope.js';
import { addDays } from './zone-time.js';

/**
 * The campaigns rollup against a recount from the rows after random histories: purchases,
 * captures, refunds and reversals (through the bus, the rollup kept in their writes), campaigns
 * whose dates move and members rewarded by hand. A campaign the rollup holds as it is now equals
 * the recount at every step; the others are recognised as stale, the report computes them from
 * the facts meanwhile, and `reports-rebuild-if-needed` brings them back. The campaign report
 * answers the same through the rollup as straight from the facts, every step.
 */
type CampaignAction =
  | { t: 'move'; campaign: number; startShift: number; endShift: number }
  | { t: 'grant'; campaign: number; member: number }
  | { t: 'job' };

const campaignActionArb: fc.Arbitrary<CampaignAction> = fc.oneof(
  fc.record({ t: fc.constant('move' as const), campaign: fc.nat(2), startShift: fc.integer({ min: -10, max: 10 }), endShift: fc.integer({ min: -10, max: 10 }) }),
  fc.record({ t: fc.constant('grant' as const), campaign: fc.nat(2), member: fc.nat(9) }),
  fc.constant({ t: 'job' as const }),
);

type Step = Action | CampaignAction;
const stepArb: fc.Arbitrary<Step> = fc.oneof({ weight: 6, arbitrary: actionArb }, { weight: 1, arbitrary: campaignActionArb });

const engines: TestEngine[] = [];
afterEach(async () => {
  while (engines.length) await engines.pop()!.close();
});

interface DayRow {
  campaign_id: string;
  day: string;
  purchases: number;
  gross_minor: number;
  refunds_minor: number;
}

/** The rollup as it should be for one campaign: its rewarded members' facts in its window now. */
function recount(engine: TestEngine, campaignId: string): DayRow[] {
  const sqlite = engine.database.sqlite;
  const c = sqlite.prepare('SELECT program_id, starts_on, ends_on FROM rewards_campaigns WHERE id = ?').get(campaignId) as { program_id: string; starts_on: string; ends_on: string };
  const w = campaignWindow(c.starts_on, c.ends_on);
  const holders = new Set((sqlite.prepare('SELECT m.cardholder_id FROM rewards_campaign_awards a JOIN rewards_members m ON m.id = a.member_id WHERE a.campaign_id = ?').all(campaignId) as Array<{ cardholder_id: string }>).map((r) => r.cardholder_id));
  const facts = sqlite.prepare('SELECT cardholder_id, day, purchases, gross_minor, refunds_minor FROM report_facts WHERE program_id = ? AND day >= ? AND day <= ?').all(c.program_id, w.from, w.to) as Array<{ cardholder_id: string; day: string; purchases: number; gross_minor: number; refunds_minor: number }>;
  const days = new Map<string, DayRow>();
  for (const f of facts) {
    if (!holders.has(f.cardholder_id)) continue;
    const d = days.get(f.day) ?? { campaign_id: campaignId, day: f.day, purchases: 0, gross_minor: 0, refunds_minor: 0 };
    d.purchases += f.purchases;
    d.gross_minor += f.gross_minor;
    d.refunds_minor += f.refunds_minor;
    days.set(f.day, d);
  }
  return nonZero([...days.values()]);
}

function nonZero(rows: DayRow[]): DayRow[] {
  return rows.filter((r) => r.purchases !== 0 || r.gross_minor !== 0 || r.refunds_minor !== 0).sort((a, b) => a.day.localeCompare(b.day));
}

function stored(engine: TestEngine, campaignId: string): DayRow[] {
  return nonZero(engine.database.sqlite.prepare('SELECT campaign_id, day, purchases, gross_minor, refunds_minor FROM report_campaign_days WHERE campaign_id = ?').all(campaignId) as DayRow[]);
}

function stateOf(engine: TestEngine, campaignId: string): { state: CampaignRollupState | undefined; campaign: { starts_on: string; ends_on: string }; participants: number } {
  const sqlite = engine.database.sqlite;
  const state = sqlite.prepare('SELECT window_from, window_to, participants FROM report_campaigns WHERE campaign_id = ?').get(campaignId) as CampaignRollupState | undefined;
  const campaign = sqlite.prepare('SELECT starts_on, ends_on FROM rewards_campaigns WHERE id = ?').get(campaignId) as { starts_on: string; ends_on: string };
  const participants = (sqlite.prepare('SELECT count(DISTINCT member_id) AS n FROM rewards_campaign_awards WHERE campaign_id = ?').get(campaignId) as { n: number }).n;
  return { state, campaign, participants };
}

async function reportBoth(engine: TestEngine, world: World) {
  const now = engine.clock.now();
  const scope = await resolveScope(engine.services.db, { program: world.program, from: '2025-01-01', to: '2027-12-31' }, now);
  const viaRollup = await campaignReport(engine.services.db, scope, now);
  const direct = await campaignReport(engine.services.db, scope, now, { source: 'facts' });
  return { viaRollup, direct };
}

/** Checks the invariants; returns how many campaigns the rollup held (usable) and had members. */
async function check(engine: TestEngine, world: World, campaigns: readonly string[], label: string): Promise<number> {
  let held = 0;
  for (const id of campaigns) {
    const { state, campaign, participants } = stateOf(engine, id);
    if (participants === 0) continue;
    if (rollupUsable(state, campaign, participants)) {
      expect(stored(engine, id), `${label}: ${id}`).toEqual(recount(engine, id));
      held++;
    }
  }
  const { viaRollup, direct } = await reportBoth(engine, world);
  expect(viaRollup.rows, label).toEqual(direct.rows);
  return held;
}

describe('campaigns rollup', () => {
  it('equals a recount from the facts and awards after random purchases, refunds and campaign changes', async () => {
    let heldEver = 0;
    let rewarded = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 60, maxLength: 90 }), fc.integer({ min: 0, max: 1000 }), async (steps, seed) => {
        const engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed });
        engines.push(engine);
        const world = await setupWorld(engine, 6);
        const send = (name: string, input: unknown) => engine.bus.execute(name, input, OWNER);
        const specs = [
          { name: 'Sudirman double', starts_on: '2025-11-16', ends_on: '2025-11-30', targeting: { locations: [world.locations[0]!] }, effect: { multiplier: 2 } },
          { name: 'Silver bonus', starts_on: '2025-11-15', ends_on: '2025-12-20', targeting: { tiers: [world.tiers[0]!, world.tiers[1]!] }, effect: { bonus_points: 3 } },
          { name: 'Everyone', starts_on: '2025-11-20', ends_on: '2025-12-10', effect: { bonus_points: 1 } },
        ];
        const campaigns: string[] = [];
        for (const spec of specs) campaigns.push(((await send('campaign-create', { program: world.program, ...spec })) as { id: string }).id);
        // Short jumps: the history stays around the campaigns.
        let pending: Action[] = [];
        const flush = async () => {
          if (pending.length) await runActions(engine, world, pending);
          pending = [];
        };
        for (const [i, step] of steps.entries()) {
          if (step.t === 'move' || step.t === 'grant' || step.t === 'job') {
            await flush();
            const id = campaigns[(step.t === 'job' ? 0 : step.campaign) % campaigns.length]!;
            if (step.t === 'move') {
              const row = engine.database.sqlite.prepare('SELECT starts_on, ends_on FROM rewards_campaigns WHERE id = ?').get(id) as { starts_on: string; ends_on: string };
              const starts = addDays(row.starts_on, step.startShift);
              const ends = addDays(row.ends_on, step.endShift);
              if (ends >= starts) await send('campaign-update', { id, starts_on: starts, ends_on: ends });
            } else if (step.t === 'grant') {
              const member = world.members[step.member % world.members.length]!;
              // Refused outside the campaign's dates, targeting or program: that is fine here.
              await send('campaign-grant', { campaign: id, cardholder: member.cardholder }).catch(() => undefined);
            } else {
              await send('reports-rebuild-if-needed', {});
              for (const c of campaigns) {
                const { state, campaign, participants } = stateOf(engine, c);
                if (participants > 0) expect(rollupUsable(state, campaign, participants), `after the job: ${c}`).toBe(true);
              }
            }
            heldEver += await check(engine, world, campaigns, `step ${i} (${step.t})`);
          } else {
            pending.push(step.t === 'jump' ? { ...step, days: 1 + (step.days % 4) } : step);
          }
        }
        await flush();
        heldEver += await check(engine, world, campaigns, 'end');
        // The background job makes every campaign usable again; then all equal the recount.
        await send('reports-rebuild-if-needed', {});
        for (const c of campaigns) {
          const { state, campaign, participants } = stateOf(engine, c);
          if (participants === 0) continue;
          rewarded++;
          expect(rollupUsable(state, campaign, participants)).toBe(true);
          expect(stored(engine, c)).toEqual(recount(engine, c));
        }
        await check(engine, world, campaigns, 'after the job');
        // And reports-rebuild gives the very same rows.
        const before = campaigns.map((c) => stored(engine, c));
        await send('reports-rebuild', {});
        expect(campaigns.map((c) => stored(engine, c))).toEqual(before);
        await engine.close();
        engines.pop();
      }),
      { numRuns: 4, seed: 31 },
    );
    // The histories did reach the campaigns.
    expect(rewarded).toBeGreaterThan(0);
    expect(heldEver).toBeGreaterThan(0);
  }, 600_000);
});
