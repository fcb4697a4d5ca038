import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { isLuhnValid } from '../kernel/luhn.js';
import type { Random } from '../kernel/random.js';
import type { Ctx } from '../bus/context.js';
import { MAX_OPEN_CARDS_PER_CARDHOLDER } from '../network/eligibility.js';
import { OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, fullKycCardholder, loyaltyProgram } from '../testing/fixtures.js';
import { numberSource } from './number-pool.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

async function refusal(promise: Promise<unknown>): Promise<KartuError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KartuError);
  return error as KartuError;
}

async function holders(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await basicCardholder(engine, `Member ${i}`, `+62812${String(i).padStart(8, '0')}`)).id);
  return ids;
}

const growth = (before: Record<string, number>, after: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.keys(after).map((table) => [table, (after[table] ?? 0) - (before[table] ?? 0)]).filter(([, n]) => n !== 0));

describe('card-create-bulk', () => {
  it('issues each card as card-create does: same answer as card-get, same rows per card, unique Luhn-valid numbers from the BIN, encrypted', async () => {
    const program = await loyaltyProgram(engine);
    const ids = await holders(30);
    // The rows card-create writes for 30 cards...
    const before = await tableCounts(engine);
    for (const cardholder of ids) await engine.bus.send('card-create', { program: program.id, cardholder, type: 'virtual' }, OWNER);
    const single = growth(before, await tableCounts(engine));
    // ...and the rows one bulk of the same 30 writes.
    const middle = await tableCounts(engine);
    const bulk = await engine.bus.send('card-create-bulk', { program: program.id, cards: ids.map((cardholder) => ({ cardholder, type: 'virtual' as const })) }, OWNER);
    expect(growth(middle, await tableCounts(engine))).toEqual(single);
    expect(single).toMatchObject({ cards: 30, events: 30, network_outbox: 30, ledger_accounts: 30 });

    expect(bulk.data).toHaveLength(30);
    expect(bulk.data.map((c) => c.cardholder)).toEqual(ids);
    for (const card of bulk.data) expect(await engine.bus.send('card-get', { id: card.id }, OWNER)).toEqual(card);
    const numbers = new Set<string>();
    for (const card of (await engine.bus.send('card-list', { limit: 100 }, OWNER)).data) {
      const { number } = await engine.bus.send('card-reveal', { id: card.id }, OWNER);
      expect(number.startsWith(program.bin)).toBe(true);
      expect(isLuhnValid(number)).toBe(true);
      numbers.add(number);
    }
    expect(numbers.size).toBe(60);
    const stored = engine.database.sqlite.prepare('SELECT number_encrypted FROM cards').all() as Array<{ number_encrypted: string }>;
    for (const { number_encrypted } of stored) for (const number of numbers) expect(number_encrypted).not.toContain(number);
    const events = await engine.bus.send('event-list', { type: 'card.created', limit: 100 }, OWNER);
    expect(new Set(events.data.map((e) => (e.data.object as { id: string }).id))).toEqual(new Set((await engine.bus.send('card-list', { limit: 100 }, OWNER)).data.map((c) => c.id)));
  });

  it('charges the issuance fee and grants a credit line per card, as card-create does', async () => {
    const adult = await fullKycCardholder(engine, 'Budi Santoso', 4);
    const program = (await engine.bus.execute('program-create', { name: 'Credit', kind: 'credit', currency: 'IDR', caps: { credit_limit: 5_000_000 }, fees: { issuance: 25_000 } }, OWNER)) as { id: string };
    const bulk = await engine.bus.send('card-create-bulk', { program: program.id, cards: [{ cardholder: adult.id, type: 'virtual' }, { cardholder: adult.id, type: 'physical' }] }, OWNER);
    for (const card of bulk.data) {
      expect(card.balance?.available).toBe(5_000_000 - 25_000);
      expect(await engine.bus.send('card-get', { id: card.id }, OWNER)).toEqual(card);
    }
  });

  it('refuses the whole bulk at the first bad card, naming it, and writes nothing but the audit entry', async () => {
    const program = await loyaltyProgram(engine);
    const [a, b] = await holders(2);
    const before = await tableCounts(engine);
    const cards = [{ cardholder: a!, type: 'virtual' as const }, { cardholder: b!, type: 'virtual' as const }, { cardholder: 'ch_missing', type: 'virtual' as const }];
    const error = await refusal(engine.bus.send('card-create-bulk', { program: program.id, cards }, OWNER));
    expect(error).toMatchObject({ code: 'resource_missing', param: 'cards.2.cardholder' });
    expect(await tableCounts(engine)).toEqual(before);
    const audit = await engine.bus.send('audit-list', { limit: 1 }, OWNER);
    expect(audit.data[0]).toMatchObject({ action: 'card-create-bulk', outcome: 'refused' });

    const debit = await engine.bus.send('program-create', { name: 'Debit', kind: 'debit', currency: 'IDR' }, OWNER);
    const withDebit = await tableCounts(engine);
    expect(await refusal(engine.bus.send('card-create-bulk', { program: debit.id, cards: [{ cardholder: a!, type: 'virtual' }] }, OWNER))).toMatchObject({ code: 'kyc_requirements_missing', param: 'cards.0.cardholder' });
    expect(await refusal(engine.bus.send('card-create-bulk', { program: 'prog_missing', cards: [{ cardholder: a!, type: 'virtual' }] }, OWNER))).toMatchObject({ code: 'resource_missing', param: 'program' });
    expect(await refusal(engine.bus.send('card-create-bulk', { program: program.id, cards: [{ cardholder: a!, type: 'virtual', exp_month: 3 }] }, OWNER))).toMatchObject({ param: 'cards.0.exp_year' });
    expect(await refusal(engine.bus.send('card-create-bulk', { program: program.id, cards: [] }, OWNER))).toMatchObject({ param: 'cards' });
    expect(await refusal(engine.bus.execute('card-create-bulk', { program: program.id, cards: [{ cardholder: a!, type: 'virtual', program: program.id }] }, OWNER))).toMatchObject({ code: 'parameter_unknown' });
    expect(await tableCounts(engine)).toEqual(withDebit);
  });

  it("counts the cards issued earlier in the same bulk against the network's cap per cardholder", async () => {
    const program = await loyaltyProgram(engine);
    const [holder] = await holders(1);
    const cards = Array.from({ length: MAX_OPEN_CARDS_PER_CARDHOLDER + 1 }, () => ({ cardholder: holder!, type: 'virtual' as const }));
    const before = await tableCounts(engine);
    const error = await refusal(engine.bus.send('card-create-bulk', { program: program.id, cards }, OWNER));
    expect(error).toMatchObject({ code: 'network_card_limit', param: `cards.${MAX_OPEN_CARDS_PER_CARDHOLDER}.cardholder` });
    expect(await tableCounts(engine)).toEqual(before);
    await engine.bus.send('card-create-bulk', { program: program.id, cards: cards.slice(1) }, OWNER);
    expect((await refusal(engine.bus.send('card-create', { program: program.id, cardholder: holder!, type: 'virtual' }, OWNER))).code).toBe('network_card_limit');
  });
});

describe('numbers for many cards', () => {
  /** Digits that repeat a few account numbers over and over: draws collide with each other and with cards in the database. */
  function repeating(accounts: string[]): Random {
    const digits = accounts.join('');
    let at = 0;
    return {
      int: () => Number(digits[at++ % digits.length]),
      bytes: (n) => new Uint8Array(n),
    };
  }

  it('skips numbers already issued and numbers drawn twice, and gives up when none is left', async () => {
    const program = await loyaltyProgram(engine);
    const [holder] = await holders(1);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder!, type: 'virtual' }, OWNER);
    const existing = (await engine.bus.send('card-reveal', { id: card.id }, OWNER)).number;
    const account = (number: string): string => number.slice(program.bin.length, -1);
    const fresh = ['111111111', '222222222'].map((digits) => digits.slice(0, account(existing).length));
    const ctx = { ...engine.services, random: repeating([account(existing), fresh[0]!, account(existing), fresh[1]!]) } as unknown as Ctx;
    const source = numberSource(ctx, program, 3);
    const drawn = [await source.next(), await source.next()].map((n) => account(n.number)).sort();
    expect(drawn).toEqual(fresh);
    await expect(source.next()).rejects.toThrow(/could not find a free card number/);
  });
});
