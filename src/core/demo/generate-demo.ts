import { localParts, startOfLocalDay } from '../reports/zone-time.js';
import type { Kartu } from '../kartu.js';
import { seededRandom, pick, type Random } from '../kernel/random.js';
import { SYSTEM_ACTOR, type Actor } from '../bus/actor.js';
import { KartuError } from '../kernel/errors.js';
import { nikFor } from '../testing/fixtures.js';
import { FAMILY_NAMES, GIVEN_NAMES_F, GIVEN_NAMES_M } from './names.js';
import { BRANCHES, KOPI_LOGO, MENU_PRICES, SUPPLIERS, rupiah } from './story.js';
import { fraudStories, type DemoSend } from '../risk/demo-fraud-stories.js';
import { runDailyRewardsJobs, setUpKopiRewards } from '../rewards/demo-rewards.js';
import { birthdayWithin, coffeeAtTheCounter, pointsAfterPurchase, type PointsEstimate } from './coffee-redemption.js';

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}

export interface DemoOptions {
  seed?: number;
  members?: number;
  days?: number;
  onProgress?: (progress: DemoProgress) => void;
  /** Days of purchases per commit (default 7). Any value writes the same data. */
  daysPerCommit?: number;
  /** Ask for the member's points at every possible free coffee, as the story did first (tests: same data). */
  askPointsEveryTime?: boolean;
}

export interface DemoSummary {
  programs: number;
  branches: number;
  cardholders: number;
  cards: number;
  authorizations: number;
  declined: number;
}

const DAY_MS = 86_400_000;
const ZONE = 'Asia/Jakarta';
const DEMO_ACTOR: Actor = { type: 'system', id: 'demo' };

/** A local Jakarta time on the given day, as an instant. */
function jakarta(day: Date, hour: number, minute: number): Date {
  // Jakarta keeps one offset all year, so the hours after local midnight are plain arithmetic.
  return new Date(startOfLocalDay(localParts(day.getTime(), ZONE).day, ZONE) + (hour * 60 + minute) * 60_000);
}

/** Purchase hours: a morning rush, lunch, and the afternoon coffee break. */
function visitHour(random: Random): number {
  const roll = random.int(100);
  if (roll < 35) return 7 + random.int(4);
  if (roll < 55) return 11 + random.int(3);
  if (roll < 85) return 14 + random.int(3);
  return 17 + random.int(4);
}

function personName(random: Random, female: boolean): string {
  return `${pick(random, female ? GIVEN_NAMES_F : GIVEN_NAMES_M)} ${pick(random, FAMILY_NAMES)}`;
}

function birthDate(random: Random): string {
  const year = 1965 + random.int(40);
  const month = 1 + random.int(12);
  const day = 1 + random.int(28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Stored value on a loyalty card is capped (Rp 2.000.000 here): reloads stay under it. */
const BALANCE_CAP = rupiah(2_000_000);
const RELOADS = [100_000, 150_000, 200_000, 300_000];

async function reload(send: (name: never, input: never) => Promise<unknown>, member: { card: string; balance: number }, random: Random): Promise<void> {
  const amount = Math.min(rupiah(pick(random, RELOADS)), BALANCE_CAP - member.balance);
  if (amount <= 0) return;
  try {
    await send('top-up-create' as never, { card: member.card, amount } as never);
    member.balance += amount;
  } catch (error) {
    // A canceled card (the stolen one of the story) cannot be reloaded: the purchase that follows
    // is declined with the card's own reason, as at a real counter.
    if (!(error instanceof KartuError)) throw error;
  }
}

interface PurchaseRequest {
  card: string;
  amount: number;
  currency: string;
  merchant: { id: string; name: string; mcc: string; city: string; country: string };
}

/**
 * A sale at the counter (or a supplier's invoice): authorized, and captured at once when approved.
 * One sandbox command does both (test-helper-purchases: the decision, then the same capture as
 * authorization-capture), so the decision's report fact is written once, with its capture, instead
 * of once for the decision and again for the capture; without it, the two commands.
 */
async function sale(send: (name: never, input: never) => Promise<unknown>, request: PurchaseRequest, inOne: boolean): Promise<{ id: string; approved: boolean }> {
  if (inOne) {
    const { data } = (await send('test-helper-purchases' as never, { requests: [request], capture: true } as never)) as { data: Array<{ authorization: { id: string; approved: boolean } }> };
    return data[0]!.authorization;
  }
  const authorization = (await send('authorization-create' as never, request as never)) as { id: string; approved: boolean };
  if (authorization.approved) await send('authorization-capture' as never, { id: authorization.id } as never);
  return authorization;
}

/**
 * Fills an EMPTY sandbox with the Kopi Nusantara story through the same commands a user calls,
 * deterministically from a seed (card numbers stay cryptographically random: they are secrets).
 * History is written by running the sandbox clock over the past days and today up to now, a week
 * of purchases per commit.
 */
export async function generateDemo(kartu: Kartu, options: DemoOptions = {}): Promise<DemoSummary> {
  const random = seededRandom(options.seed ?? 2026);
  const memberCount = options.members ?? 300;
  const days = options.days ?? 90;
  const progress = options.onProgress ?? (() => {});
  const bus = kartu.sandbox.bus;
  const clock = kartu.sandboxClock;
  const now = clock.now();
  const start = new Date(now.getTime() - days * DAY_MS);
  const summary: DemoSummary = { programs: 0, branches: 0, cardholders: 0, cards: 0, authorizations: 0, declined: 0 };
  const can = (name: string): boolean => bus.has(name);
  const askEveryTime = options.askPointsEveryTime ?? false;

  try {
    // 1. The business: branches, programs, designs, the company and its buyers.
    clock.travelTo(jakarta(start, 8, 0));
    progress({ phase: 'Setting up Kopi Nusantara', done: 0, total: 1 });
    const setup = await bus.batch(DEMO_ACTOR, async (send) => {
      for (const branch of BRANCHES) await send('location-create', { ...branch });
      const loyalty = await send('program-create', {
        name: 'Kartu Kopi Nusantara',
        kind: 'loyalty',
        currency: 'IDR',
        timezone: ZONE,
        default_expiry_years: 5,
        caps: { balance: rupiah(2_000_000), per_authorization: rupiah(1_000_000) },
        fees: { issuance: 0, monthly_admin: 0 },
        default_spending_controls: { allowed_locations: BRANCHES.map((b) => b.merchant_id), allowed_countries: ['ID'] },
        brand: { name: 'Kopi Nusantara', primary_color: '#6F4E37', secondary_color: '#A47551', text_color: '#FFF8EE', logo: KOPI_LOGO, logo_position: 'top_left' },
      });
      const corporate = await send('program-create', {
        name: 'Kartu Belanja Pemasok',
        kind: 'corporate',
        currency: 'IDR',
        timezone: ZONE,
        caps: { monthly: rupiah(50_000_000), per_authorization: rupiah(20_000_000) },
        default_spending_controls: {
          allowed_categories: ['suppliers'],
          spending_limits: [{ amount: rupiah(20_000_000), interval: 'monthly' }],
        },
        brand: { name: 'Kopi Nusantara Business', primary_color: '#1F2A30', secondary_color: '#6F4E37', text_color: '#FFFFFF', logo: KOPI_LOGO, logo_position: 'top_right' },
      });
      await send('design-create', { program: loyalty.id, name: 'Klasik', is_default: true });
      const ramadan = await send('design-create', {
        program: loyalty.id,
        name: 'Edisi Ramadan',
        face: { primary_color: '#0F5132', secondary_color: '#C9A227', text_color: '#FFFDF5' },
      });
      // Rewards (issue 5): tiers, 1 point per Rp 10.000, weekday-afternoon double points, a free coffee, Gold cashback, birthdays.
      const rewards = can('earning-rule-create') ? await setUpKopiRewards(send as DemoSend, loyalty.id, options.seed ?? 2026) : null;
      const company = await send('cardholder-create', {
        type: 'company',
        name: 'PT Kopi Nusantara Sejahtera',
        email: 'keuangan@kopinusantara.co.id',
        address: { line1: 'Jl. Jend. Sudirman Kav. 21', city: 'Jakarta', postal_code: '12920', country: 'ID' },
      });
      const buyers = [];
      for (let i = 0; i < 3; i++) {
        const female = i !== 1;
        const birth = birthDate(random);
        const buyer = await send('cardholder-create', {
          name: personName(random, female),
          email: `pembelian${i + 1}@kopinusantara.co.id`,
          phone: `+62811${String(7_000_000 + i).padStart(7, '0')}`,
          birth_date: birth,
          national_id: nikFor(birth, 100 + i, female),
          address: { line1: `Jl. Kemang Raya ${10 + i}`, city: i === 2 ? 'Bandung' : 'Jakarta', country: 'ID' },
          company: company.id,
          preferred_language: 'id',
        });
        buyers.push(await send('card-create', { program: corporate.id, cardholder: buyer.id, type: 'virtual' }));
      }
      // The company account the buyers' cards spend from (corporate cards hold no money of their own).
      if (can('company-funding-create')) await send('company-funding-create', { company: company.id, amount: rupiah(150_000_000), currency: 'IDR' });
      return { loyalty, corporate, ramadan, company, buyers, rewards };
    });
    summary.programs = 2;
    summary.branches = BRANCHES.length;
    summary.cardholders = 4;
    summary.cards = 3;

    // 2. Members join over the first two thirds of the period, each with a loyalty card.
    // `balance` is the generator's own estimate of the card's stored value (top-ups less approved
    // purchases; cashback only adds, so the real balance is never lower). Members reload the card
    // at the counter when it runs low, as people do with a coffee card.
    interface Member { card: string; cardholder: string; joinedDay: number; visitsPerWeek: number; branch: number; frozen: boolean; balance: number; points: PointsEstimate; birthday: string }
    const members: Member[] = [];
    const joinWindow = Math.max(1, Math.floor((days * 2) / 3));
    const BATCH = 50;
    for (let from = 0; from < memberCount; from += BATCH) {
      await bus.batch(DEMO_ACTOR, async (send) => {
        for (let i = from; i < Math.min(memberCount, from + BATCH); i++) {
          const joinedDay = Math.floor((i / memberCount) * joinWindow);
          clock.travelTo(jakarta(new Date(start.getTime() + joinedDay * DAY_MS), 8 + random.int(11), random.int(60)));
          const female = random.int(100) < 55;
          const name = personName(random, female);
          let birth = '';
          const holder = await send('cardholder-create', {
            name,
            phone: `+62812${String(10_000_000 + i * 37).padStart(8, '0')}`,
            ...(random.int(100) < 60 ? { email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i}@example.co.id` } : {}),
            birth_date: (birth = birthDate(random)),
            preferred_language: random.int(100) < 85 ? 'id' : 'en',
          });
          const physical = random.int(100) < 15;
          const card = await send('card-create', {
            program: setup.loyalty.id,
            cardholder: holder.id,
            type: physical ? 'physical' : 'virtual',
            ...(random.int(100) < 20 ? { design: setup.ramadan.id } : {}),
          });
          if (physical) {
            for (const status of ['submitted', 'shipped', 'delivered'] as const) await send('card-ship', { id: card.id, status });
            await send('card-update', { id: card.id, status: 'active' });
          }
          const member: Member = { card: card.id, cardholder: holder.id, joinedDay, visitsPerWeek: 1 + random.int(6), branch: random.int(BRANCHES.length), frozen: false, balance: 0, points: { atMost: 0 }, birthday: birth.slice(5) };
          // The first reload is sold with the card.
          if (can('top-up-create')) await reload(send, member, random);
          members.push(member);
          summary.cardholders++;
          summary.cards++;
        }
      });
      progress({ phase: 'Members and their cards', done: Math.min(memberCount, from + BATCH), total: memberCount });
    }

    // 3. Ninety days of coffee: purchases at the branches, supplier payments on corporate cards.
    const purchases = can('authorization-create');
    {
      // Several days per commit: each commit waits for the disk (synchronous=FULL), and a bigger
      // one rewrites the same index pages once instead of once a day. The data is the same.
      const perCommit = Math.max(1, Math.floor(options.daysPerCommit ?? 7));
      // The past days, and today up to now: the first screen opens on a day with sales.
      const lastDay = days;
      for (let first = 0; first <= lastDay; first += perCommit) {
        await bus.batch(DEMO_ACTOR, async (send) => {
          const inOne = can('test-helper-purchases');
          const purchase = (request: PurchaseRequest) => sale(send, request, inOne);
          for (let day = first; day <= Math.min(lastDay, first + perCommit - 1); day++) {
            const date = new Date(start.getTime() + day * DAY_MS);
            const weekday = localParts(date.getTime(), ZONE).weekday;
            const visits: Array<{ member: Member; at: Date }> = [];
            for (const member of members) {
              if (member.joinedDay > day) continue;
              const weekendFactor = weekday === 0 || weekday === 6 ? 0.6 : 1;
              if (random.int(700) < member.visitsPerWeek * 100 * weekendFactor) {
                visits.push({ member, at: jakarta(date, visitHour(random), random.int(60)) });
              }
            }
            visits.sort((a, b) => a.at.getTime() - b.at.getTime());
            for (const visit of purchases ? visits : []) {
              if (visit.at.getTime() > now.getTime()) continue;
              clock.travelTo(visit.at);
              const branch = BRANCHES[random.int(100) < 80 ? visit.member.branch : random.int(BRANCHES.length)]!;
              const amount = rupiah(pick(random, MENU_PRICES));
              // Low on the card: most reload first; a few forget, and the decline shows why.
              if (can('top-up-create') && visit.member.balance < amount + rupiah(25_000) && random.int(100) < 92) await reload(send, visit.member, random);
              const authorization = await purchase({
                card: visit.member.card,
                amount,
                currency: 'IDR',
                merchant: { id: branch.merchant_id, name: branch.name, mcc: branch.mcc, city: branch.city, country: branch.country },
              });
              summary.authorizations++;
              if (authorization.approved) visit.member.balance -= amount;
              if (!authorization.approved) summary.declined++;
              if (authorization.approved && setup.rewards && can('authorization-capture')) {
              pointsAfterPurchase(visit.member.points, amount, visit.at);
              await coffeeAtTheCounter(send as DemoSend, setup.rewards, { cardholder: visit.member.cardholder, points: visit.member.points, askEveryTime }, authorization.id);
            }
            }
            if (purchases && day % 7 === 3) {
              for (const buyer of setup.buyers) {
                const supplier = pick(random, SUPPLIERS);
                const at = jakarta(date, 10 + random.int(6), random.int(60));
                if (at.getTime() > now.getTime()) continue; // later today
                clock.travelTo(at);
                const authorization = await purchase({
                  card: buyer.id,
                  amount: rupiah(500_000 + random.int(40) * 100_000),
                  currency: 'IDR',
                  merchant: { id: supplier.id, name: supplier.name, mcc: supplier.mcc, city: supplier.city, country: supplier.country },
                });
                summary.authorizations++;
                if (!authorization.approved) summary.declined++;
              }
            }
            // A few stories: a card frozen for a while, a lost card replaced, a stolen one.
            if (day === Math.floor(days / 2) && members.length > 10) {
              clock.travelTo(jakarta(date, 12, 0));
              const frozen = members[3]!;
              await send('card-update', { id: frozen.card, status: 'inactive' });
              frozen.frozen = true;
              await send('card-replace', { id: members[7]!.card, reason: 'lost' }).then((card) => {
                members[7]!.card = card.id;
              });
              await send('card-update', { id: members[9]!.card, status: 'canceled', cancellation_reason: 'stolen' });
            }
            // Fraud stories for the alert queue (risk): a card-testing burst and an impossible-travel pair.
            if (purchases && can('alert-list') && day === Math.max(0, days - 2) && members.length > 12) {
              const told = await fraudStories(send as DemoSend, { testingCard: members[11]!.card, travelCard: members[12]!.card, at: (hour, minute) => jakarta(date, hour, minute), travelTo: (at) => clock.travelTo(at) });
              summary.authorizations += told.authorizations;
              summary.declined += told.declined;
            }
            if (setup.rewards) {
              await runDailyRewardsJobs(async (name, input) => {
                const result = await send(name as never, input as never);
                // A birthday bonus (granted up to 30 days late): points the estimates do not know of, so
                // the members whose birthday was lately are asked again.
                if (name === 'rewards-run-birthday-job' && (result as { granted?: number }).granted) {
                  for (const member of members) if (birthdayWithin(member.birthday, date, 31)) member.points.atMost = Infinity;
                }
                return result;
              });
            }
            progress({ phase: 'Ninety days of purchases', done: day + 1, total: lastDay + 1 });
          }
        });
      }
    }
  } finally {
    clock.returnToPresent();
  }
  return summary;
}

export { SYSTEM_ACTOR };
