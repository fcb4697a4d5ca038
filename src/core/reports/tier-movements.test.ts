import { describe, expect, it } from 'vitest';
import { MANAGER, testEngine } from '../testing/test-engine.js';
import { setupWorld } from './testing/report-world.js';
import { addDays, localParts } from './zone-time.js';

type Movement = { bucket: string; from: string | null; to: string | null; from_name: string | null; to_name: string | null; count: number };

/** Tier movements name each side on its own (null: no tier), so a screen says them in its language. */
describe('report-loyalty tier movements', () => {
  it('give the from and to tier names apart from the export bucket, null for no tier', async () => {
    const engine = await testEngine();
    const world = await setupWorld(engine);
    const member = world.members.find((m) => m.program === world.program)!;
    const gold = world.tiers[2]!; // the world's tiers: Bronze, Silver, Gold
    const today = localParts(engine.clock.now().getTime(), 'Asia/Jakarta').day;
    await engine.bus.send('tier-assign', { cardholder: member.cardholder, program: world.program, tier: gold, until: addDays(today, 90), reason: 'VIP guest' }, MANAGER);
    const report = (await engine.bus.execute('report-loyalty', { program: world.program, from: today, to: today }, MANAGER)) as { tier_movements: { rows: Movement[] } };
    const row = report.tier_movements.rows.find((r) => r.to === gold);
    expect(row).toMatchObject({ to_name: 'Gold', count: 1 });
    const names = new Map([[world.tiers[0], 'Bronze'], [world.tiers[1], 'Silver']]);
    expect(row!.from_name).toBe(row!.from === null ? null : names.get(row!.from));
    expect(row!.bucket).toBe(`${row!.from_name ?? 'none'} > Gold`);
    await engine.close();
  });
});
