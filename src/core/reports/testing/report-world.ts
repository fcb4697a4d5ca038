import fc from 'fast-check';
import type { TestEngine } from '../../testing/test-engine.js';
import { OWNER } from '../../testing/test-engine.js';
import { recordForReports } from '../record.js';
import { addDays, localParts } from '../zone-time.js';

/**
 * A small Kopi Nusantara history written through the bus commands, for comparing every report
 * with a recomputation from the rows: purchases at the branches, a grocer and a foreign (USD)
 * merchant, captures in full and in part, refunds, reversals, declines (funds, limits), stand-in
 * decisions, manual tiers, and clock moves across Asia/Jakarta midnight and over months and years.
 */
export const BRANCHES = [
  { name: 'Kopi Nusantara Sudirman', merchant_id: 'KN-JKT-SDR01', mcc: '5814', city: 'Jakarta', country: 'ID' },
  { name: 'Kopi Nusantara Kemang', merchant_id: 'KN-JKT-KMG02', mcc: '5814', city: 'Jakarta', country: 'ID' },
  { name: 'Kopi Nusantara Braga', merchant_id: 'KN-BDG-BRG03', mcc: '5814', city: 'Bandung', country: 'ID' },
] as const;
export const OTHER_MERCHANTS = [
  { id: 'MRC-GROC-01', name: 'Toko Sayur', mcc: '5411', country: 'ID', city: 'Bandung', currency: 'IDR' },
  { id: 'MRC-SG-01', name: 'Kopi Singapura', mcc: '5812', country: 'SG', city: 'Singapore', currency: 'USD' },
] as const;

export type Action =
  | { t: 'advance'; minutes: number }
  | { t: 'jump'; days: number }
  | { t: 'midnight'; side: 'before' | 'after' }
  | { t: 'buy'; member: number; amount: number; merchant: number; standIn: boolean }
  | { t: 'capture'; pick: number; part: boolean }
  | { t: 'refund'; pick: number; part: boolean }
  | { t: 'reverse'; pick: number }
  | { t: 'topup'; member: number; amount: number }
  | { t: 'tier'; member: number; tier: number }
  | { t: 'redeem'; member: number }
  | { t: 'adjust'; member: number; points: number }
  | { t: 'expire' };

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 600 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('jump' as const), days: fc.integer({ min: 1, max: 160 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('midnight' as const), side: fc.constantFrom('before' as const, 'after' as const) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('buy' as const),
      member: fc.nat(9),
      amount: fc.integer({ min: 1, max: 120 }),
      merchant: fc.nat(4),
      standIn: fc.boolean(),
    }),
  },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('capture' as const), pick: fc.nat(), part: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('refund' as const), pick: fc.nat(), part: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('topup' as const), member: fc.nat(9), amount: fc.integer({ min: 50, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tier' as const), member: fc.nat(9), tier: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('redeem' as const), member: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('adjust' as const), member: fc.nat(9), points: fc.integer({ min: -5, max: 20 }).filter((n) => n !== 0) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'expire' as const }) },
);

export interface World {
  /** The loyalty program (closed loop, rewards) ... */
  program: string;
  /** ... and an open-loop prepaid program in the same currency (foreign merchants, a grocer). */
  prepaid: string;
  locations: string[];
  tiers: string[];
  /** A free coffee for 5 points. */
  reward: string;
  members: Array<{ cardholder: string; card: string; program: string }>;
  /** Whether the authorization code calls recordForReports itself (else the world does). */
  wired: boolean;
  /**
   * The model of a fact's tier: the member's tier when the authorization was decided, or, while it
   * had none (no member yet), the member's tier at the next change that was recorded.
   */
  tierAt: Map<string, string>;
  /**
   * The model of a points entry's tier: its member's tier before the action that wrote it (no
   * action of this world changes a tier before writing an entry), or, for a member the action
   * created, the member's tier after it.
   */
  entryTier: Map<string, string>;
}

const rp = (n: number): number => n * 100;

/** Program, branches, tiers, members with funded cards (some with a per-purchase limit). */
export async function setupWorld(engine: TestEngine, memberCount = 4): Promise<World> {
  const send = engine.bus.send.bind(engine.bus);
  const locations: string[] = [];
  for (const b of BRANCHES) locations.push((await send('location-create', { ...b }, OWNER)).id);
  const program = await send(
    'program-create',
    { name: 'Kartu Kopi Nusantara', kind: 'loyalty', currency: 'IDR', timezone: 'Asia/Jakarta', fees: { per_transaction: 150, fx_bps: 175 } } as never,
    OWNER,
  );
  await send('fx-rate-set', { base: 'USD', quote: 'IDR', rate: '16250.5' }, OWNER);
  await send('earning-rule-create', { program: program.id, type: 'spend', points: 1, unit_minor: rp(10_000) } as never, OWNER);
  await send('earning-rule-create', { program: program.id, type: 'cashback', rate_bps: 200 } as never, OWNER);
  const tiers: string[] = [];
  for (const [name, threshold] of [['Bronze', 0], ['Silver', rp(5_000_000)], ['Gold', rp(20_000_000)]] as const) {
    tiers.push((await send('tier-create', { program: program.id, name, threshold } as never, OWNER)).id);
  }
  await send('rewards-settings-update', { program: program.id, expiry: { kind: 'rolling', months: 1 } } as never, OWNER);
  const reward = await send('reward-create', { program: program.id, name: 'Kopi Susu gratis', kind: 'free_item', points_cost: 5, value: { item: 'Kopi Susu' } } as never, OWNER);
  const prepaid = await send('program-create', { name: 'Kartu Belanja', kind: 'prepaid', currency: 'IDR', timezone: 'Asia/Jakarta', fees: { per_transaction: 100, fx_bps: 250 } } as never, OWNER);
  const members: World['members'] = [];
  for (let i = 0; i < memberCount; i++) {
    const holder = await send('cardholder-create', { name: `Member ${i}`, phone: `+6281300000${String(i).padStart(3, '0')}` }, OWNER);
    const controls = i % 3 === 2 ? { spending_limits: [{ amount: rp(60_000), interval: 'per_authorization' as const }] } : undefined;
    const inProgram = i % 2 === 0 ? program.id : prepaid.id;
    const card = await send('card-create', { program: inProgram, cardholder: holder.id, type: 'virtual', ...(controls ? { spending_controls: controls } : {}) } as never, OWNER);
    await send('top-up-create', { card: card.id, amount: rp(150_000 + 100_000 * i) }, OWNER);
    members.push({ cardholder: holder.id, card: card.id, program: inProgram });
  }
  return { program: program.id, prepaid: prepaid.id, locations, tiers, reward: reward.id, members, wired: false, tierAt: new Map(), entryTier: new Map() };
}

/** Records the authorization for the reports unless the authorization code does it itself. */
export async function record(engine: TestEngine, world: World, id: string): Promise<void> {
  if (!world.tierAt.get(id)) {
    const row = engine.database.sqlite
      .prepare('SELECT m.tier_id FROM authorizations a JOIN rewards_members m ON m.program_id = a.program_id AND m.cardholder_id = a.cardholder_id WHERE a.id = ?')
      .get(id) as { tier_id: string | null } | undefined;
    world.tierAt.set(id, row?.tier_id ?? '');
  }
  if (!world.wired) {
    await engine.services.db.transaction().execute((trx) => recordForReports({ db: trx, clock: engine.clock }, id));
  }
}

/** Jakarta is UTC+7 without daylight saving: local midnight is 17:00 UTC. */
function nextJakartaMidnightMs(nowMs: number): number {
  const day = Math.floor((nowMs + 7 * 3_600_000) / 86_400_000) + 1;
  return day * 86_400_000 - 7 * 3_600_000;
}

export async function runActions(engine: TestEngine, world: World, actions: readonly Action[]): Promise<{ authorizations: string[]; captures: string[] }> {
  const send = (name: string, input: unknown) => engine.bus.execute(name, input, OWNER);
  const approved: string[] = [];
  const authorizations: string[] = [];
  const captures: string[] = [];
  let first = true;
  const sqlite = engine.database.sqlite;
  const tiersNow = () => new Map((sqlite.prepare('SELECT id, tier_id FROM rewards_members').all() as Array<{ id: string; tier_id: string | null }>).map((m) => [m.id, m.tier_id ?? '']));
  const newEntries = sqlite.prepare('SELECT id, account_id FROM rewards_points_entries WHERE id > ? ORDER BY id');
  let lastEntry = (sqlite.prepare("SELECT coalesce(max(id), '') AS id FROM rewards_points_entries").get() as { id: string }).id;
  for (const a of actions) {
    const tiersBefore = tiersNow();
    try {
      switch (a.t) {
        case 'advance':
          engine.clock.advance(a.minutes * 60_000);
          break;
        case 'jump':
          engine.clock.advance(a.days * 86_400_000 + 3_600_000 * (a.days % 13));
          break;
        case 'midnight': {
          const m = nextJakartaMidnightMs(engine.clock.now().getTime());
          engine.clock.set(new Date(a.side === 'before' ? m - 1_000 : m));
          break;
        }
        case 'buy': {
          const member = world.members[a.member % world.members.length]!;
          const m = a.merchant % (BRANCHES.length + OTHER_MERCHANTS.length);
          const merchant =
            m < BRANCHES.length
              ? { id: BRANCHES[m]!.merchant_id, name: BRANCHES[m]!.name, mcc: BRANCHES[m]!.mcc, country: 'ID', city: BRANCHES[m]!.city }
              : (({ currency: _c, ...rest }) => rest)(OTHER_MERCHANTS[m - BRANCHES.length]!);
          const foreign = m === BRANCHES.length + 1;
          const auth = (await send('authorization-create', {
            card: member.card,
            amount: foreign ? a.amount * 50 : rp(a.amount * 1_000),
            ...(foreign ? { currency: 'USD' } : {}),
            merchant,
          })) as { id: string; approved: boolean };
          // Stand-in decisions come from network-authorize while the card network is down, which
          // needs the sandbox network; the world marks the decision itself (its facts are recorded
          // again, as after any change).
          if (a.standIn) {
            engine.database.sqlite.prepare('UPDATE authorizations SET stand_in = 1 WHERE id = ?').run(auth.id);
            await engine.services.db.transaction().execute((trx) => recordForReports({ db: trx, clock: engine.clock }, auth.id));
          }
          if (first) {
            first = false;
            world.wired = engine.database.sqlite.prepare('SELECT 1 FROM report_facts WHERE authorization_id = ?').get(auth.id) !== undefined;
          }
          authorizations.push(auth.id);
          await record(engine, world, auth.id);
          if (auth.approved) approved.push(auth.id);
          break;
        }
        case 'capture': {
          if (approved.length === 0) break;
          const id = approved[a.pick % approved.length]!;
          const row = engine.database.sqlite.prepare('SELECT pending_amount, status FROM authorizations WHERE id = ?').get(id) as { pending_amount: number; status: string };
          if (row.status !== 'pending' || row.pending_amount === 0) break;
          const amount = a.part ? Math.max(1, Math.floor(row.pending_amount / 2)) : undefined;
          const txn = (await send('authorization-capture', { id, ...(amount ? { amount, final: false } : {}) })) as { id: string };
          captures.push(txn.id);
          await record(engine, world, id);
          break;
        }
        case 'refund': {
          if (captures.length === 0) break;
          const id = captures[a.pick % captures.length]!;
          const row = engine.database.sqlite.prepare('SELECT amount, refunded_amount, authorization_id FROM transactions WHERE id = ?').get(id) as { amount: number; refunded_amount: number; authorization_id: string };
          const left = row.amount - row.refunded_amount;
          if (left <= 0) break;
          await send('transaction-refund', { id, ...(a.part && left > 1 ? { amount: Math.floor(left / 2) } : {}) });
          await record(engine, world, row.authorization_id);
          break;
        }
        case 'reverse': {
          if (approved.length === 0) break;
          const id = approved[a.pick % approved.length]!;
          const row = engine.database.sqlite.prepare('SELECT pending_amount, status FROM authorizations WHERE id = ?').get(id) as { pending_amount: number; status: string };
          if (row.status !== 'pending' || row.pending_amount === 0) break;
          await send('authorization-reverse', { id });
          await record(engine, world, id);
          break;
        }
        case 'topup': {
          const member = world.members[a.member % world.members.length]!;
          await send('top-up-create', { card: member.card, amount: rp(a.amount * 1_000) });
          break;
        }
        case 'tier': {
          const member = world.members[a.member % world.members.length]!;
          const exists = engine.database.sqlite.prepare('SELECT 1 FROM rewards_members WHERE cardholder_id = ?').get(member.cardholder);
          if (!exists || member.program !== world.program) break;
          // A manual tier for 30 local days (it needs an end).
          const until = addDays(localParts(engine.clock.now().getTime(), 'Asia/Jakarta').day, 30);
          await send('tier-assign', { cardholder: member.cardholder, program: world.program, tier: world.tiers[a.tier % world.tiers.length]!, until, reason: 'report test' });
          break;
        }
        case 'redeem': {
          const member = world.members[a.member % world.members.length]!;
          if (member.program !== world.program) break;
          await send('redemption-create', { cardholder: member.cardholder, program: world.program, reward: world.reward });
          break;
        }
        case 'adjust': {
          const member = world.members[a.member % world.members.length]!;
          if (member.program !== world.program) break;
          await send('rewards-adjust', { cardholder: member.cardholder, program: world.program, points: a.points, reason: 'counter correction' });
          break;
        }
        case 'expire':
          await send('rewards-expire-points', {});
          break;
      }
    } catch (error) {
      // Refusals (a balance cap on a top-up, say) are part of life; anything else is a bug.
      if (!(error instanceof Error) || error.name !== 'KartuError') throw error;
    }
    const written = newEntries.all(lastEntry) as Array<{ id: string; account_id: string }>;
    if (written.length > 0) {
      const tiersAfter = tiersNow();
      for (const e of written) world.entryTier.set(e.id, tiersBefore.get(e.account_id) ?? tiersAfter.get(e.account_id) ?? '');
      lastEntry = written[written.length - 1]!.id;
    }
  }
  return { authorizations, captures };
}
