import { BRANCHES, rupiah } from '../demo/story.js';

/** The demo's batch `send`, loosely typed: the stories only use commands every sandbox has. */
export type DemoSend = (name: string, input: unknown) => Promise<unknown>;

export interface FraudStoryOptions {
  /** A member's card that someone probes with tiny amounts (card testing). */
  testingCard: string;
  /** A member's card used in Jakarta and, minutes later, in Bandung (impossible travel). */
  travelCard: string;
  /** An instant at a local time (Asia/Jakarta) on the story's day. */
  at(hour: number, minute: number): Date;
  travelTo(at: Date): void;
}

interface Decided {
  approved: boolean;
}

const merchantOf = (branch: (typeof BRANCHES)[number]) => ({ id: branch.merchant_id, name: branch.name, mcc: branch.mcc, city: branch.city, country: branch.country });

/**
 * Two fraud stories for the alert queue, through the same commands as every purchase:
 * Told after the day's ordinary visits (which end before 21:00), so each card's history runs forward.
 * - late one evening, a stolen card number is tried online (declined: the card only works at the
 *   branches), then probed with Rp 1.000 purchases a minute apart at a branch: card testing;
 * - a member pays in Jakarta and, eight minutes later, the same card pays in Bandung.
 * Returns how many authorizations it made and how many were declined.
 */
export async function fraudStories(send: DemoSend, options: FraudStoryOptions): Promise<{ authorizations: number; declined: number }> {
  const [sudirman, kemang, braga] = BRANCHES;
  let authorizations = 0;
  let declined = 0;
  const authorize = async (card: string, amount: number, merchant: Record<string, unknown>, at: Date): Promise<void> => {
    options.travelTo(at);
    const result = (await send('authorization-create', { card, amount, currency: 'IDR', merchant, entry_mode: 'manual' })) as Decided;
    authorizations++;
    if (!result.approved) declined++;
  };

  // The testing card and the travelling card have money on them, as members' cards do.
  for (const card of [options.testingCard, options.travelCard]) {
    options.travelTo(options.at(9, 0));
    await send('top-up-create', { card, amount: rupiah(200_000) }).catch(() => undefined);
  }

  const online = { id: 'GAMEKEY-ONLINE', name: 'GameKey Online Store', mcc: '5816', country: 'SG', city: 'Singapore' };
  await authorize(options.testingCard, rupiah(1_000), online, options.at(22, 41));
  await authorize(options.testingCard, rupiah(2_000), online, options.at(22, 42));
  for (const [minute, amount] of [[44, 1_000], [45, 1_500], [46, 1_000], [47, 2_500]] as const) {
    await authorize(options.testingCard, rupiah(amount), merchantOf(kemang), options.at(22, minute));
  }

  await authorize(options.travelCard, rupiah(45_000), merchantOf(sudirman), options.at(21, 4));
  await authorize(options.travelCard, rupiah(65_000), merchantOf(braga), options.at(21, 12));
  return { authorizations, declined };
}
