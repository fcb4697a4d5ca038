import type { Engine } from '../../engine.js';
import type { Ctx } from '../../bus/context.js';
import type { Actor } from '../../bus/actor.js';
import { SYSTEM_ACTOR } from '../../bus/actor.js';
import { insertEvent, type KartuEvent } from '../../events/event-store.js';
import { OWNER } from '../../testing/test-engine.js';
import { earnForPurchase, reverseForPurchase, type PurchaseEarnResult, type PurchaseReverseResult } from '../purchase-hooks.js';

/**
 * Runs `fn` inside one transaction with a handler's context, the way the authorization engine
 * calls the purchase hooks inside its own write. Events are published after commit.
 */
export async function inTransaction<T>(engine: Engine, fn: (ctx: Ctx) => Promise<T>, actor: Actor = SYSTEM_ACTOR): Promise<T> {
  const services = engine.services;
  const published: KartuEvent[] = [];
  const result = await services.db.transaction().execute((trx) =>
    fn({
      ...services,
      db: trx,
      actor,
      emit: async (type, objectId, data) => {
        published.push(await insertEvent(trx, services.ids, services.clock, type, objectId, data));
      },
      afterCommit: () => {},
      afterWrites: () => {},
    }),
  );
  for (const event of published) engine.events.publish(event);
  return result;
}

export const BRANCHES = [
  { name: 'Kopi Nusantara Sudirman', merchant_id: 'KN-JKT-SDR01', mcc: '5814', city: 'Jakarta', country: 'ID' },
  { name: 'Kopi Nusantara Kemang', merchant_id: 'KN-JKT-KMG02', mcc: '5814', city: 'Jakarta', country: 'ID' },
  { name: 'Kopi Nusantara Braga', merchant_id: 'KN-BDG-BRG03', mcc: '5814', city: 'Bandung', country: 'ID' },
] as const;

/** Rp to IDR minor units. */
export const rp = (amount: number): number => amount * 100;

export interface Shop {
  program: string;
  locations: string[];
}

/** Kopi Nusantara with its branches and a loyalty program (no rules yet). */
export async function kopiShop(engine: Engine, extra: Record<string, unknown> = {}): Promise<Shop> {
  const locations: string[] = [];
  for (const branch of BRANCHES) locations.push((await engine.bus.send('location-create', { ...branch }, OWNER)).id);
  const program = await engine.bus.send('program-create', { name: 'Kartu Kopi Nusantara', kind: 'loyalty', currency: 'IDR', timezone: 'Asia/Jakarta', ...extra } as never, OWNER);
  return { program: program.id, locations };
}

export interface Member {
  cardholder: string;
  card: string;
  account: string;
}

let phoneSerial = 0;

export async function newMember(engine: Engine, shop: Shop, name = 'Siti Rahayu', extra: Record<string, unknown> = {}): Promise<Member> {
  const n = ++phoneSerial;
  const holder = await engine.bus.send('cardholder-create', { name, phone: `+62812${String(n).padStart(8, '0')}`, ...extra } as never, OWNER);
  const card = await engine.bus.send('card-create', { program: shop.program, cardholder: holder.id, type: 'virtual' }, OWNER);
  return { cardholder: holder.id, card: card.id, account: card.account };
}

export interface PurchaseOptions {
  branch?: number;
  mcc?: string;
  merchantId?: string;
  at?: Date;
  authorizationId?: string;
  currency?: string;
}

export async function purchase(engine: Engine, shop: Shop, member: Member, amountMinor: number, options: PurchaseOptions = {}): Promise<PurchaseEarnResult & { authorization: string }> {
  const branch = BRANCHES[options.branch ?? 0]!;
  const authorization = options.authorizationId ?? engine.services.ids.next('auth');
  const result = await inTransaction(engine, (ctx) =>
    earnForPurchase(ctx, {
      authorizationId: authorization,
      cardId: member.card,
      accountId: member.account,
      cardholderId: member.cardholder,
      programId: shop.program,
      amountMinor,
      currency: options.currency ?? 'IDR',
      merchant: { id: options.merchantId ?? branch.merchant_id, mcc: options.mcc ?? branch.mcc, name: branch.name, country: 'ID' },
      locationId: options.merchantId ? null : (shop.locations[options.branch ?? 0] ?? null),
      at: options.at ?? engine.services.clock.now(),
    }),
  );
  return { ...result, authorization };
}

export async function refund(engine: Engine, authorizationId: string, amountMinor: number): Promise<PurchaseReverseResult> {
  return inTransaction(engine, (ctx) => reverseForPurchase(ctx, { authorizationId, amountMinor }));
}

export async function account(engine: Engine, member: Member, program?: string) {
  return engine.bus.send('rewards-account-get', { cardholder: member.cardholder, ...(program ? { program } : {}) }, OWNER);
}

/** The ledger's invariant for one member, from the tables themselves. */
export function ledgerFigures(engine: Engine, memberId: string) {
  const db = engine.database.sqlite;
  const entries = (db.prepare('SELECT coalesce(sum(points), 0) AS n FROM rewards_points_entries WHERE account_id = ?').get(memberId) as { n: number }).n;
  const lots = (db.prepare('SELECT coalesce(sum(remaining), 0) AS n FROM rewards_lots WHERE member_id = ?').get(memberId) as { n: number }).n;
  const owed = (db.prepare('SELECT owed_points AS n FROM rewards_members WHERE id = ?').get(memberId) as { n: number } | undefined)?.n ?? 0;
  const allocationMismatch = (db
    .prepare(
      `SELECT count(*) AS n FROM rewards_lots l WHERE l.remaining != l.points - coalesce((SELECT sum(a.points) FROM rewards_lot_allocations a WHERE a.lot_id = l.id), 0) AND l.member_id = ?`,
    )
    .get(memberId) as { n: number }).n;
  return { entries, lots, owed, allocationMismatch };
}

export { OWNER };
