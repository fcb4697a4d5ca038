import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../testing/fixtures.js';
import { attempt, BANDUNG_BRANCH, engineWithOneCard, JAKARTA_BRANCH, signal } from './testing/risk-harness.js';

/** Rupiah in IDR minor units (exponent 2). */
const rp = (amount: number): number => amount * 100;
const MIN = 60_000;

let engine: TestEngine;
let card: string;

beforeEach(async () => {
  ({ engine, card } = await engineWithOneCard());
});
afterEach(async () => engine.close());

async function history(count: number, amounts: number[] = [22_000, 25_000, 28_000, 32_000, 18_000], gapMs = 3 * 60 * MIN) {
  for (let i = 0; i < count; i++) {
    await attempt(engine, card, { amount: rp(amounts[i % amounts.length] as number) });
    engine.clock.advance(gapMs);
  }
}

describe('velocity', () => {
  it('fires at 5 authorizations in 15 minutes', async () => {
    for (let i = 0; i < 4; i++) {
      expect(signal((await attempt(engine, card, { amount: rp(25_000) })).assessment, 'velocity').weight).toBe(0);
      engine.clock.advance(2 * MIN);
    }
    const fifth = signal((await attempt(engine, card, { amount: rp(25_000) })).assessment, 'velocity');
    expect(fifth.weight).toBe(30);
    expect(fifth.value).toMatchObject({ count_15m: 5 });
    expect(fifth.explanation).toContain('5 authorizations in 15 minutes');
  });

  it('stays quiet for the same number spread over the day', async () => {
    for (let i = 0; i < 5; i++) {
      const { assessment } = await attempt(engine, card, { amount: rp(25_000) });
      expect(signal(assessment, 'velocity').weight).toBe(0);
      engine.clock.advance(61 * MIN);
    }
  });

  it('fires on amount in an hour far above the card\'s usual', async () => {
    await history(6);
    const amounts = [600_000, 700_000];
    await attempt(engine, card, { amount: rp(amounts[0]!) });
    engine.clock.advance(5 * MIN);
    const v = signal((await attempt(engine, card, { amount: rp(amounts[1]!) })).assessment, 'velocity');
    expect(v.weight).toBeGreaterThan(0);
    expect(v.explanation).toContain('in an hour');
  });
});

describe('amount z-score', () => {
  it('fires for an amount far above the card\'s own history', async () => {
    await history(10);
    const z = signal((await attempt(engine, card, { amount: rp(2_000_000) })).assessment, 'amount_zscore');
    expect(z.weight).toBeGreaterThan(0);
    expect((z.value as { z: number }).z).toBeGreaterThan(3);
    expect(z.explanation).toContain('Rp 2.000.000');
  });

  it('stays quiet for a usual amount, and with too little history', async () => {
    await history(3);
    expect(signal((await attempt(engine, card, { amount: rp(2_000_000) })).assessment, 'amount_zscore')).toMatchObject({ weight: 0 });
    await history(7);
    expect(signal((await attempt(engine, card, { amount: rp(30_000) })).assessment, 'amount_zscore').weight).toBe(0);
  });

  it('does not learn from declined amounts', async () => {
    await history(6);
    for (let i = 0; i < 3; i++) {
      await attempt(engine, card, { amount: rp(5_000_000), approved: false, responseCode: '51' });
      engine.clock.advance(3 * 60 * MIN);
    }
    expect(signal((await attempt(engine, card, { amount: rp(5_000_000) })).assessment, 'amount_zscore').weight).toBeGreaterThan(0);
  });
});

describe('new country and new merchant', () => {
  it('fires on the first use abroad after use at home', async () => {
    await history(3);
    const abroad = { id: 'SG-CAFE-1', name: 'Orchard Cafe', mcc: '5814', country: 'SG', city: 'Singapore' };
    expect(signal((await attempt(engine, card, { amount: rp(50_000), merchant: abroad })).assessment, 'new_country').weight).toBe(15);
    engine.clock.advance(60 * MIN);
    // Approved once there, the country is known.
    expect(signal((await attempt(engine, card, { amount: rp(50_000), merchant: abroad })).assessment, 'new_country').weight).toBe(0);
  });

  it('stays quiet at home, and on a card\'s very first use anywhere', async () => {
    const abroad = { id: 'SG-CAFE-1', name: 'Orchard Cafe', mcc: '5814', country: 'SG', city: 'Singapore' };
    expect(signal((await attempt(engine, card, { amount: rp(50_000), merchant: abroad })).assessment, 'new_country').weight).toBe(0);
    engine.clock.advance(60 * MIN);
    expect(signal((await attempt(engine, card, { amount: rp(50_000), merchant: abroad })).assessment, 'new_country').weight).toBe(0);
  });

  it('a declined attempt does not make a country known', async () => {
    await history(2);
    const abroad = { id: 'MY-1', name: 'KL Kopi', mcc: '5814', country: 'MY', city: 'Kuala Lumpur' };
    await attempt(engine, card, { amount: rp(50_000), merchant: abroad, approved: false, responseCode: '62' });
    engine.clock.advance(60 * MIN);
    expect(signal((await attempt(engine, card, { amount: rp(50_000), merchant: abroad })).assessment, 'new_country').weight).toBe(15);
  });

  it('fires at a new merchant only once the card has a history', async () => {
    const other = { id: 'KN-JKT-KMG02', name: 'Kopi Nusantara Kemang', mcc: '5814', country: 'ID', city: 'Jakarta' };
    expect(signal((await attempt(engine, card, { amount: rp(25_000), merchant: other })).assessment, 'new_merchant').weight).toBe(0);
    await history(5);
    const fresh = { id: 'WARUNG-9', name: 'Warung Sembilan', mcc: '5814', country: 'ID', city: 'Jakarta' };
    expect(signal((await attempt(engine, card, { amount: rp(25_000), merchant: fresh })).assessment, 'new_merchant').weight).toBe(5);
    engine.clock.advance(3 * 60 * MIN);
    expect(signal((await attempt(engine, card, { amount: rp(25_000), merchant: other })).assessment, 'new_merchant').weight).toBe(0);
  });
});

describe('card testing', () => {
  it('fires on a burst of tiny authorizations', async () => {
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push((await attempt(engine, card, { amount: rp(1_000) })).assessment);
      engine.clock.advance(MIN);
    }
    expect(results.map((a) => signal(a, 'card_testing').weight)).toEqual([0, 0, 45]);
    expect(signal(results[2]!, 'card_testing').explanation).toContain('3 tiny (up to Rp 10.000) or declined attempts in 15 minutes');
    expect(results[2]!.action).toBe('flag');
  });

  it('fires on a normal amount after a burst of declines', async () => {
    for (let i = 0; i < 3; i++) {
      await attempt(engine, card, { amount: rp(75_000), approved: false, responseCode: '51' });
      engine.clock.advance(MIN);
    }
    expect(signal((await attempt(engine, card, { amount: rp(75_000) })).assessment, 'card_testing').weight).toBe(45);
  });

  it('stays quiet for a few small purchases hours apart', async () => {
    for (let i = 0; i < 4; i++) {
      expect(signal((await attempt(engine, card, { amount: rp(8_000) })).assessment, 'card_testing').weight).toBe(0);
      engine.clock.advance(2 * 60 * MIN);
    }
  });
});

describe('impossible travel', () => {
  it('fires for Jakarta then Bandung seven minutes apart', async () => {
    await attempt(engine, card, { amount: rp(25_000), merchant: JAKARTA_BRANCH });
    engine.clock.advance(7 * MIN);
    const { assessment } = await attempt(engine, card, { amount: rp(25_000), merchant: BANDUNG_BRANCH });
    const travel = signal(assessment, 'impossible_travel');
    expect(travel.weight).toBe(45);
    expect(travel.value).toMatchObject({ from: 'Jakarta', to: 'Bandung', minutes: 7 });
    expect((travel.value as { distance_km: number }).distance_km).toBeGreaterThan(100);
    expect(travel.explanation).toContain('Impossible travel');
    expect(assessment.action).toBe('flag');
  });

  it('uses the branch record when the merchant gives no city', async () => {
    await engine.bus.send('location-create', { name: 'Braga', merchant_id: 'KN-BDG-BRG03', mcc: '5814', city: 'Bandung', country: 'ID' }, OWNER);
    await attempt(engine, card, { amount: rp(25_000), merchant: JAKARTA_BRANCH });
    engine.clock.advance(10 * MIN);
    const { assessment } = await attempt(engine, card, { amount: rp(25_000), merchant: { id: 'KN-BDG-BRG03', name: 'Braga', mcc: '5814', country: 'ID' } });
    expect(signal(assessment, 'impossible_travel').weight).toBe(45);
  });

  it('stays quiet for a drive of three hours, within one city, and for unknown cities', async () => {
    await attempt(engine, card, { amount: rp(25_000), merchant: JAKARTA_BRANCH });
    engine.clock.advance(3 * 60 * MIN);
    expect(signal((await attempt(engine, card, { amount: rp(25_000), merchant: BANDUNG_BRANCH })).assessment, 'impossible_travel').weight).toBe(0);
    engine.clock.advance(5 * MIN);
    expect(signal((await attempt(engine, card, { amount: rp(25_000), merchant: { ...BANDUNG_BRANCH, id: 'B2', city: 'Kota Bandung' } })).assessment, 'impossible_travel').weight).toBe(0);
    engine.clock.advance(5 * MIN);
    const unknown = signal((await attempt(engine, card, { amount: rp(25_000), merchant: { ...JAKARTA_BRANCH, id: 'X', city: 'Atlantis' } })).assessment, 'impossible_travel');
    expect(unknown.weight).toBe(0);
    expect(unknown.explanation).toContain('not in the city table');
  });
});

describe('decline streak', () => {
  it('fires after three declines in a row', async () => {
    for (let i = 0; i < 3; i++) {
      await attempt(engine, card, { amount: rp(60_000), approved: false, responseCode: '51' });
      engine.clock.advance(30 * MIN);
    }
    const streak = signal((await attempt(engine, card, { amount: rp(60_000) })).assessment, 'decline_streak');
    expect(streak.weight).toBe(15);
    expect(streak.value).toMatchObject({ streak: 3 });
  });

  it('an approval resets the streak', async () => {
    for (let i = 0; i < 2; i++) {
      await attempt(engine, card, { amount: rp(60_000), approved: false, responseCode: '51' });
      engine.clock.advance(30 * MIN);
    }
    await attempt(engine, card, { amount: rp(20_000) });
    engine.clock.advance(30 * MIN);
    await attempt(engine, card, { amount: rp(60_000), approved: false, responseCode: '51' });
    engine.clock.advance(30 * MIN);
    expect(signal((await attempt(engine, card, { amount: rp(60_000) })).assessment, 'decline_streak')).toMatchObject({ weight: 0, value: { streak: 1 } });
  });
});

describe('use right after a status change', () => {
  it('fires when a card is unfrozen and used at once', async () => {
    await history(2);
    await engine.bus.send('card-update', { id: card, status: 'inactive' }, OWNER);
    engine.clock.advance(2 * 60 * MIN);
    await engine.bus.send('card-update', { id: card, status: 'active' }, OWNER);
    engine.clock.advance(4 * MIN);
    const change = signal((await attempt(engine, card, { amount: rp(25_000) })).assessment, 'status_change');
    expect(change).toMatchObject({ weight: 15, value: { change: 'reactivated', minutes_since: 4 } });
  });

  it('stays quiet when the reactivated card is next used hours later', async () => {
    await history(2);
    await engine.bus.send('card-update', { id: card, status: 'inactive' }, OWNER);
    engine.clock.advance(60 * MIN);
    await engine.bus.send('card-update', { id: card, status: 'active' }, OWNER);
    engine.clock.advance(3 * 60 * MIN);
    expect(signal((await attempt(engine, card, { amount: rp(25_000) })).assessment, 'status_change').weight).toBe(0);
  });

  it('fires for a replacement card used within hours, and it inherits the old card\'s history', async () => {
    await history(6);
    const replacement = await engine.bus.send('card-replace', { id: card, reason: 'lost' }, OWNER);
    engine.clock.advance(30 * MIN);
    const first = (await attempt(engine, replacement.id, { amount: rp(25_000) })).assessment;
    expect(signal(first, 'status_change')).toMatchObject({ weight: 10, value: { change: 'replacement', replaces: card } });
    engine.clock.advance(30 * MIN);
    // Known amounts and places carried over: a big amount stands out on the second use already.
    const second = (await attempt(engine, replacement.id, { amount: rp(2_000_000) })).assessment;
    expect(signal(second, 'amount_zscore').weight).toBeGreaterThan(0);
    expect(signal(second, 'new_merchant').weight).toBe(0);
  });
});

describe('night-time use at a daytime merchant', () => {
  it('fires at 02:30 in Jakarta at a coffee shop', async () => {
    engine.clock.set(new Date('2026-03-02T19:30:00Z'));
    const night = signal((await attempt(engine, card, { amount: rp(25_000) })).assessment, 'night_time');
    expect(night).toMatchObject({ weight: 15, value: { local_time: '02:30', mcc: '5814' } });
  });

  it('stays quiet at a fuel station at night, and at the coffee shop by day', async () => {
    engine.clock.set(new Date('2026-03-02T19:30:00Z'));
    const fuel = { id: 'SPBU-1', name: 'SPBU Sudirman', mcc: '5541', country: 'ID', city: 'Jakarta' };
    expect(signal((await attempt(engine, card, { amount: rp(200_000), merchant: fuel })).assessment, 'night_time').weight).toBe(0);
    engine.clock.set(new Date('2026-03-03T03:30:00Z'));
    expect(signal((await attempt(engine, card, { amount: rp(25_000) })).assessment, 'night_time').weight).toBe(0);
  });

  it('reads the hour in the program\'s time zone', async () => {
    const program = await loyaltyProgram(engine, { name: 'Bali', timezone: 'Asia/Makassar' });
    const holder = await basicCardholder(engine, 'Made', '+6281111111111');
    const bali = (await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER)).id;
    engine.clock.set(new Date('2026-03-02T21:30:00Z'));
    // 05:30 WITA (day) but 04:30 WIB (night): Bali's program is past night already.
    expect(signal((await attempt(engine, bali, { amount: rp(25_000) })).assessment, 'night_time').weight).toBe(0);
    expect(signal((await attempt(engine, card, { amount: rp(25_000) })).assessment, 'night_time').weight).toBe(15);
  });
});

describe('a quiet purchase', () => {
  it('scores 0 with every signal explained', async () => {
    await history(6, undefined, 24 * 60 * MIN);
    const { assessment, alertId } = await attempt(engine, card, { amount: rp(25_000) });
    expect(assessment.score).toBe(0);
    expect(assessment.action).toBe('none');
    expect(alertId).toBeNull();
    expect(assessment.signals.map((s) => s.name)).toEqual([
      'velocity', 'amount_zscore', 'new_country', 'new_merchant', 'card_testing', 'impossible_travel', 'decline_streak', 'status_change', 'night_time', 'block_list',
    ]);
    for (const s of assessment.signals) expect(s.explanation.length).toBeGreaterThan(5);
    expect(assessment.reason).toContain('below the flag threshold 40');
  });
});
