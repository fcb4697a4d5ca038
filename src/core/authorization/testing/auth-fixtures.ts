import type { Engine } from '../../engine.js';
import { OWNER } from '../../testing/test-engine.js';
import { basicCardholder, fullKycCardholder } from '../../testing/fixtures.js';

/** Cafe purchase defaults: a restaurant in Jakarta. */
export const CAFE = { id: 'MRC-CAFE-01', name: 'Warung Kopi', mcc: '5814', country: 'ID', city: 'Jakarta' } as const;
export const GROCER = { id: 'MRC-GROC-01', name: 'Toko Sayur', mcc: '5411', country: 'ID', city: 'Bandung' } as const;

export async function prepaidCard(engine: Engine, opts: { program?: Record<string, unknown>; card?: Record<string, unknown>; topUp?: number } = {}) {
  const program = await engine.bus.send('program-create', { name: 'Prepaid', kind: 'prepaid', currency: 'IDR', ...opts.program } as never, OWNER);
  const holder = await basicCardholder(engine);
  const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual', ...opts.card } as never, OWNER);
  if (opts.topUp) await engine.bus.send('top-up-create', { card: card.id, amount: opts.topUp }, OWNER);
  return { program, holder, card };
}

export async function creditCard(engine: Engine, creditLimit: number, program: Record<string, unknown> = {}) {
  const p = await engine.bus.send('program-create', { name: 'Credit', kind: 'credit', currency: 'IDR', caps: { credit_limit: creditLimit }, ...program } as never, OWNER);
  const holder = await fullKycCardholder(engine);
  const card = await engine.bus.send('card-create', { program: p.id, cardholder: holder.id, type: 'virtual' }, OWNER);
  return { program: p, holder, card };
}

export function purchase(card: string, amount: number, extra: Record<string, unknown> = {}) {
  return { card, amount, merchant: { ...CAFE }, ...extra } as never;
}
