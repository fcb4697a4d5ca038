import { afterEach, describe, expect, it } from 'vitest';
import { testEngine, type TestEngine } from '../testing/test-engine.js';
import type { KartuEvent } from '../events/event-store.js';
import { touchProgramRewards } from './program-config.js';
import { inTransaction, kopiShop, newMember, OWNER, purchase, refund, rp, type Member, type Shop } from './testing/rewards-kit.js';

/**
 * The purchase path reads the member's spend in its tier window with the member (one statement,
 * before its earnings row) and adds the purchase, instead of reading the window again after the
 * row. It may do so only when the window it read is the one of the config in force. Here the same
 * story runs twice: as it is, and with the program's config token renewed before every purchase
 * (so the config read never is the one last compiled, and every purchase reads the window the old
 * way). Members, their tiers and every tier event must be the same.
 */
const DAY = 86_400_000;
const START = new Date('2026-03-02T03:00:00Z');

const engines: TestEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

async function story(forceRead: boolean): Promise<{ members: unknown[]; tierEvents: unknown[]; prefetchable: number }> {
  const engine = await testEngine({ start: START });
  engines.push(engine);
  const events: KartuEvent[] = [];
  engine.events.subscribe((e) => events.push(e));
  const send = (name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;
  const shop: Shop = await kopiShop(engine);
  await send('rewards-settings-update', { program: shop.program, tier_qualification: { metric: 'spend', period: 'rolling', months: 12, grace_days: 10 } });
  await send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) });
  await send('tier-create', { program: shop.program, name: 'Bronze', threshold: 0 });
  await send('tier-create', { program: shop.program, name: 'Silver', threshold: rp(1_000_000) });
  await send('tier-create', { program: shop.program, name: 'Gold', threshold: rp(3_000_000), benefits: { cashback_bps: 200 } });
  const members: Member[] = [];
  for (const name of ['Siti', 'Budi', 'Dewi']) members.push(await newMember(engine, shop, name));
  let prefetchable = 0;
  const buy = async (m: Member, amount: number, at?: Date) => {
    if (forceRead) await inTransaction(engine, (ctx) => touchProgramRewards(ctx, shop.program));
    else prefetchable++;
    return purchase(engine, shop, m, amount, at ? { at } : {});
  };
  // Up through the tiers; a purchase recorded after a later one (out of order); a refund (full
  // recomputation); months pass so purchases leave the window and holds run out.
  const a = await buy(members[0]!, rp(400_000));
  await buy(members[1]!, rp(1_200_000));
  engine.clock.advance(DAY);
  await buy(members[0]!, rp(700_000));
  await buy(members[0]!, rp(2_100_000));
  await buy(members[2]!, rp(90_000));
  await buy(members[1]!, rp(50_000), new Date(engine.clock.now().getTime() - 3 * DAY));
  await refund(engine, a.authorization, rp(400_000));
  for (let month = 0; month < 14; month++) {
    engine.clock.advance(30 * DAY);
    await buy(members[month % 3]!, rp(150_000 + month * 40_000));
    if (month % 4 === 0) await buy(members[(month + 1) % 3]!, rp(900_000));
  }
  const rows = engine.database.sqlite.prepare('SELECT cardholder_id, tier_id, tier_since, tier_held_until, computed_tier_id, first_purchase_at FROM rewards_members ORDER BY cardholder_id').all() as Array<Record<string, unknown>>;
  const tierNames = new Map((engine.database.sqlite.prepare('SELECT id, name FROM rewards_tiers').all() as Array<{ id: string; name: string }>).map((t) => [t.id, t.name]));
  const byName = (id: unknown) => (id === null ? null : tierNames.get(id as string));
  return {
    members: rows.map((r) => ({ ...r, cardholder_id: undefined, tier_id: byName(r.tier_id), computed_tier_id: byName(r.computed_tier_id) })),
    tierEvents: events
      .filter((e) => e.type === 'rewards.tier.changed')
      .map((e) => {
        const d = e.data.object as Record<string, any>;
        return { from: d.from?.name ?? null, to: d.to?.name ?? null, reason: d.reason, figures: d.figures };
      }),
    prefetchable,
  };
}

describe('the tier window read with the member', () => {
  it('gives the tiers, holds and tier events of a read after the purchase', async () => {
    const quick = await story(false);
    const read = await story(true);
    expect(quick.prefetchable).toBeGreaterThan(20);
    expect(quick.tierEvents.length).toBeGreaterThan(5);
    expect(quick.tierEvents.some((e: any) => e.reason === 'qualification_period_ended')).toBe(true);
    expect(quick.members).toEqual(read.members);
    expect(quick.tierEvents).toEqual(read.tierEvents);
  });
});
