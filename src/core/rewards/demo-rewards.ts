import { seededRandom, type Random } from '../kernel/random.js';

/**
 * Kopi Nusantara's loyalty rewards for the demo story (PRODUCT.md): 1 point per Rp 10.000, double
 * points on weekday afternoons, Bronze/Silver/Gold on rolling 12-month spend, 2% cashback for Gold,
 * a free Kopi Susu at 100 points, and a birthday bonus. Thresholds (Silver Rp 500.000, Gold
 * Rp 1.000.000 a year) are set so that the demo's 90 days already show all three tiers. The demo generator calls these through the
 * same commands a manager would; they draw from their own seeded randomness so that adding them
 * does not shift the rest of the story.
 */
export type DemoSend = (name: string, input: unknown) => Promise<unknown>;

export interface DemoRewards {
  program: string;
  coffee: string;
  random: Random;
  redemptions: number;
}

const rupiah = (amount: number): number => amount * 100;

export async function setUpKopiRewards(send: DemoSend, program: string, seed: number): Promise<DemoRewards> {
  await send('rewards-settings-update', {
    program,
    tier_qualification: { metric: 'spend', period: 'rolling', months: 12, grace_days: 30 },
    expiry: { kind: 'rolling', months: 12 },
    expiry_warning_days: 14,
    redemption_cancel_minutes: 15,
  });
  await send('earning-rule-create', { program, type: 'spend', name: '1 poin per Rp 10.000', points: 1, unit_minor: rupiah(10_000), rounding: 'down' });
  await send('earning-rule-create', {
    program, type: 'time_window', name: 'Poin ganda sore hari kerja', days: [1, 2, 3, 4, 5], start: '14:00', end: '17:00', multiplier: 2,
  });
  await send('earning-rule-create', { program, type: 'birthday', name: 'Bonus ulang tahun', points: 50, catch_up_days: 30 });
  await send('tier-create', { program, name: 'Bronze', threshold: 0 });
  await send('tier-create', { program, name: 'Silver', threshold: rupiah(500_000), benefits: { earn_multiplier: 1.25 } });
  await send('tier-create', { program, name: 'Gold', threshold: rupiah(1_000_000), benefits: { earn_multiplier: 1.5, cashback_bps: 200 } });
  const coffee = (await send('reward-create', {
    program, name: 'Kopi Susu gratis', kind: 'free_item', points_cost: 100, value: { item: 'Kopi Susu' },
    description: 'Satu Kopi Susu ukuran reguler di semua cabang.',
  })) as { id: string };
  return { program, coffee: coffee.id, random: seededRandom(seed ^ 0x5eed), redemptions: 0 };
}

/**
 * At the counter, now and then, a member with 100 points takes the free coffee with this purchase
 * (the redemption is linked to it, so a refund would give the reward back).
 */
export async function maybeRedeemCoffee(send: DemoSend, rewards: DemoRewards, card: string, authorization: string): Promise<void> {
  if (rewards.random.int(100) >= 35) return;
  const { cardholder } = (await send('card-get', { id: card })) as { cardholder: string };
  const account = (await send('rewards-account-get', { cardholder, program: rewards.program })) as { points: number };
  if (account.points < 100) return;
  await send('redemption-create', { cardholder, program: rewards.program, reward: rewards.coffee, authorization });
  rewards.redemptions++;
}

/** The scheduled jobs, as the running app would have run them on that day (they catch up by themselves). */
export async function runDailyRewardsJobs(send: DemoSend): Promise<void> {
  await send('rewards-run-birthday-job', {});
  await send('rewards-expire-points', {});
  await send('rewards-recompute-tiers', {});
}
