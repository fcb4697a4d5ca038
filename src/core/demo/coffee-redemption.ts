import { localParts } from '../reports/zone-time.js';
import type { DemoRewards, DemoSend } from '../rewards/demo-rewards.js';
import { rupiah } from './story.js';

/**
 * What the story knows of a member's points without asking: an upper bound. The free coffee costs
 * 100 points, so while the bound is below 100 the answer to "enough for a coffee?" is known to be
 * no, and the story need not read the rewards account (a read of the member's whole points history,
 * once for every third purchase: a tenth of the demo's time).
 */
export interface PointsEstimate {
  atMost: number;
}

/**
 * The most a purchase can earn in the demo's programme (setUpKopiRewards): 1 point per Rp 10.000,
 * doubled on weekday afternoons, times 1.5 for Gold (rounded up). Outside the afternoon window
 * (Monday to Friday, 14:00 to 17:00 in Jakarta; counted here up to 17:59) there is no doubling,
 * so the bound grows half as fast and the account is read about half as often. If the programme
 * is made more generous the bound can be too low and a coffee would be missed:
 * demo-determinism.test.ts compares the story with one that asks every time, and fails then.
 */
export function pointsAfterPurchase(points: PointsEstimate, amountMinor: number, at: Date): void {
  const units = Math.ceil(amountMinor / rupiah(10_000));
  points.atMost += weekdayAfternoon(at) ? units * 2 * 1.5 : Math.ceil(units * 1.5);
}

function weekdayAfternoon(at: Date): boolean {
  const { weekday, hour } = localParts(at.getTime(), 'Asia/Jakarta');
  return weekday >= 1 && weekday <= 5 && hour >= 14 && hour <= 17;
}

const COFFEE_POINTS = 100;

/**
 * At the counter, now and then, a member with 100 points takes the free coffee with this purchase
 * (the redemption is linked to it, so a refund would give the reward back). The same draws and
 * commands as maybeRedeemCoffee of the rewards demo, with the account read only when the member
 * may have the points; the answer then makes the estimate exact again.
 */
export async function coffeeAtTheCounter(
  send: DemoSend,
  rewards: DemoRewards,
  member: { cardholder: string; points: PointsEstimate; askEveryTime: boolean },
  authorization: string,
): Promise<void> {
  if (rewards.random.int(100) >= 35) return;
  if (!member.askEveryTime && member.points.atMost < COFFEE_POINTS) return;
  const account = (await send('rewards-account-get', { cardholder: member.cardholder, program: rewards.program })) as { points: number };
  member.points.atMost = account.points;
  if (account.points < COFFEE_POINTS) return;
  await send('redemption-create', { cardholder: member.cardholder, program: rewards.program, reward: rewards.coffee, authorization });
  member.points.atMost = account.points - COFFEE_POINTS;
  rewards.redemptions++;
}

/** Whether a birthday ('MM-DD') fell on one of the `days` days up to `at` (Jakarta), across New Year too. */
export function birthdayWithin(monthDay: string, at: Date, days: number): boolean {
  const local = localParts(at.getTime(), 'Asia/Jakarta');
  const thisYear = Number(local.year);
  const today = Date.parse(`${local.day}T00:00:00Z`);
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  for (const year of [thisYear, thisYear - 1]) {
    const ago = (today - Date.UTC(year, month - 1, day)) / 86_400_000;
    if (ago >= 0 && ago <= days) return true;
  }
  return false;
}
