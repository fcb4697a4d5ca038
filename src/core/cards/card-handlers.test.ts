import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KartuError } from '../kernel/errors.js';
import { isLuhnValid } from '../kernel/luhn.js';
import { CASHIER, MANAGER, OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, fullKycCardholder, loyaltyProgram, nikFor } from '../testing/fixtures.js';
import { canMoveStatus, type CardStatus } from './card-status.js';

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

async function reveal(id: string) {
  return engine.bus.send('card-reveal', { id }, OWNER);
}

describe('issuing a card', () => {
  it('issues an active virtual loyalty card with a Luhn-valid number from the program BIN', async () => {
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, CASHIER);
    expect(card).toMatchObject({ object: 'card', type: 'virtual', status: 'active', program: program.id, cardholder: holder.id, cardholder_name: 'Siti Rahayu' });
    expect(card.masked_number).toBe(`•••• ${card.last4}`);
    expect(card.exp_year).toBe(2026 + program.default_expiry_years);
    const details = await reveal(card.id);
    expect(details.number.startsWith(program.bin)).toBe(true);
    expect(details.number).toHaveLength(16);
    expect(isLuhnValid(details.number)).toBe(true);
    expect(details.number.slice(-4)).toBe(card.last4);
    expect(details.cvc).toMatch(/^\d{3}$/);
  });

  it('starts a physical card inactive with pending shipping, then ships and activates it', async () => {
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'physical' }, OWNER);
    expect(card.status).toBe('inactive');
    expect(card.shipping?.status).toBe('pending');
    for (const status of ['submitted', 'shipped', 'delivered'] as const) {
      await engine.bus.send('card-ship', { id: card.id, status }, MANAGER);
    }
    const active = await engine.bus.send('card-update', { id: card.id, status: 'active' }, CASHIER);
    expect(active.status).toBe('active');
    const events = await engine.bus.send('event-list', { object_id: card.id, limit: 20 }, OWNER);
    expect(events.data.map((e) => e.type).reverse()).toEqual(['card.created', 'card.shipping.updated', 'card.shipping.updated', 'card.shipping.updated', 'card.updated']);
    expect(JSON.stringify(events)).not.toContain((await reveal(card.id)).number);
  });

  it('asks for full KYC on a debit card and lists exactly what is missing, writing only an audit entry', async () => {
    const program = await engine.bus.send('program-create', { name: 'Debit', kind: 'debit', currency: 'IDR' }, OWNER);
    const holder = await basicCardholder(engine);
    const before = await tableCounts(engine);
    const auditBefore = (await engine.bus.send('audit-list', { limit: 100 }, OWNER)).data.length;
    const error = await refusal(engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER));
    expect(error.code).toBe('kyc_requirements_missing');
    expect((error.details as { past_due: string[] }).past_due).toEqual(['birth_date', 'national_id', 'address']);
    expect(await tableCounts(engine)).toEqual(before);
    const audit = await engine.bus.send('audit-list', { limit: 100 }, OWNER);
    expect(audit.data.length).toBe(auditBefore + 1);
    expect(audit.data[0]).toMatchObject({ action: 'card-create', outcome: 'refused' });
    const verified = await fullKycCardholder(engine);
    expect(verified.verification.status).toBe('verified');
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: verified.id, type: 'virtual' }, OWNER);
    expect(card.status).toBe('active');
  });

  it('refuses an under-age cardholder and a NIK that does not match the birth date', async () => {
    const program = await engine.bus.send('program-create', { name: 'Credit', kind: 'credit', currency: 'IDR' }, OWNER);
    const young = await engine.bus.send('cardholder-create', {
      name: 'Adik', phone: '+6281211112222', birth_date: '2015-01-01', national_id: nikFor('2015-01-01', 5),
      address: { line1: 'Jl. Braga 2', city: 'Bandung', country: 'ID' },
    }, OWNER);
    const error = await refusal(engine.bus.send('card-create', { program: program.id, cardholder: young.id, type: 'virtual' }, OWNER));
    expect((error.details as { past_due: string[] }).past_due).toEqual(['adult']);
    const mismatched = await engine.bus.send('cardholder-create', {
      name: 'Eko', phone: '+6281211113333', birth_date: '1980-02-03', national_id: nikFor('1981-02-03', 6),
      address: { line1: 'Jl. Braga 3', city: 'Bandung', country: 'ID' },
    }, OWNER);
    expect(mismatched.verification.past_due).toEqual(['national_id']);
  });

  it('refuses bad input with the offending param and writes nothing', async () => {
    const program = await loyaltyProgram(engine, { caps: { daily: 1_000_000 } });
    const holder = await basicCardholder(engine);
    const noContact = await engine.bus.send('cardholder-create', { name: 'Tanpa Kontak' }, OWNER);
    const before = await tableCounts(engine);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ program: 'prog_missing', cardholder: holder.id, type: 'virtual' }, 'resource_missing', 'program'],
      [{ program: program.id, cardholder: 'ch_missing', type: 'virtual' }, 'resource_missing', 'cardholder'],
      [{ program: program.id, cardholder: holder.id, type: 'plastic' }, 'parameter_invalid', 'type'],
      [{ program: program.id, cardholder: noContact.id, type: 'virtual' }, 'kyc_requirements_missing', 'cardholder'],
      [{ program: program.id, cardholder: holder.id, type: 'virtual', spending_controls: { spending_limits: [{ amount: 2_000_000, interval: 'daily' }] } }, 'limit_above_cap', 'spending_controls.spending_limits.0.amount'],
      [{ program: program.id, cardholder: holder.id, type: 'virtual', spending_controls: { blocked_categories: ['0000'] } }, 'parameter_invalid', 'spending_controls.blocked_categories.0'],
      [{ program: program.id, cardholder: holder.id, type: 'virtual', exp_month: 1, exp_year: 2040 }, 'expiry_out_of_range', 'exp_year'],
      [{ program: program.id, cardholder: holder.id, type: 'virtual', exp_month: 1, exp_year: 2026 }, 'expiry_out_of_range', 'exp_year'],
      [{ program: program.id, cardholder: holder.id, type: 'virtual', pin: '1234' }, 'parameter_unknown', 'pin'],
    ];
    for (const [input, code, param] of cases) {
      const error = await refusal(engine.bus.execute('card-create', input, OWNER));
      expect({ code: error.code, param: error.param }).toEqual({ code, param });
    }
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('refuses a physical card whose name cannot be embossed (network eligibility)', async () => {
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine, 'Raden Mas Haryo Suryo Kusumo Wicaksono');
    const error = await refusal(engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'physical' }, OWNER));
    expect(error.code).toBe('network_name_not_embossable');
  });

  it('requires a company for corporate cards', async () => {
    const program = await engine.bus.send('program-create', { name: 'Belanja Pemasok', kind: 'corporate', currency: 'IDR' }, OWNER);
    const buyer = await fullKycCardholder(engine, 'Dewi Buyer', 3);
    expect((await refusal(engine.bus.send('card-create', { program: program.id, cardholder: buyer.id, type: 'virtual' }, OWNER))).code).toBe('company_required');
    const company = await engine.bus.send('cardholder-create', { type: 'company', name: 'PT Kopi Nusantara', address: { line1: 'Jl. Kemang 5', city: 'Jakarta', country: 'ID' } }, OWNER);
    await engine.bus.send('cardholder-update', { id: buyer.id, company: company.id }, OWNER);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: buyer.id, type: 'virtual' }, OWNER);
    expect(card.status).toBe('active');
  });
});

describe('issuing from a program that changes', () => {
  it('sees every change of the program, even one made in the same millisecond (manual clock)', async () => {
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    const first = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    await engine.bus.send('program-update', { id: program.id, default_expiry_years: program.default_expiry_years - 1 }, OWNER);
    const second = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    expect(second.exp_year).toBe(first.exp_year - 1);
    await engine.bus.send('program-update', { id: program.id, status: 'archived' }, OWNER);
    expect((await refusal(engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER))).code).toBe('program_archived');
  });
});

describe('the answer of card-create', () => {
  it('is exactly what card-get reads back, for every kind of funding (built without reading the card again)', async () => {
    const company = await engine.bus.send('cardholder-create', { type: 'company', name: 'PT Kopi Nusantara', address: { line1: 'Jl. Kemang 5', city: 'Jakarta', country: 'ID' } }, OWNER);
    const employee = await fullKycCardholder(engine, 'Dewi Buyer', 3);
    await engine.bus.send('cardholder-update', { id: employee.id, company: company.id }, OWNER);
    const adult = await fullKycCardholder(engine, 'Budi Santoso', 4);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'Loyalty', kind: 'loyalty', currency: 'IDR', fees: { issuance: 5_000 } }, (await basicCardholder(engine)).id],
      [{ name: 'Prepaid', kind: 'prepaid', currency: 'IDR' }, adult.id],
      [{ name: 'Credit', kind: 'credit', currency: 'IDR', caps: { credit_limit: 5_000_000 }, fees: { issuance: 25_000 } }, adult.id],
      [{ name: 'Corporate', kind: 'corporate', currency: 'IDR' }, employee.id],
    ];
    for (const [programInput, holder] of cases) {
      const program = await engine.bus.execute('program-create', programInput, OWNER) as { id: string };
      for (const type of ['virtual', 'physical'] as const) {
        const created = await engine.bus.send('card-create', { program: program.id, cardholder: holder, type, spending_controls: { blocked_categories: ['7995'] } }, OWNER);
        expect(created, `${String(programInput.kind)} ${type}`).toEqual(await engine.bus.send('card-get', { id: created.id }, OWNER));
        expect(created.balance).toBeDefined();
      }
    }
    const prepaid = (await engine.bus.send('card-list', { limit: 100 }, OWNER)).data.find((c) => c.program_kind === 'prepaid')!;
    await engine.bus.send('top-up-create', { card: prepaid.id, amount: 150_000 }, OWNER);
    // card-list works balances out for a whole page (attachBalances): the same figures.
    const listed = (await engine.bus.send('card-list', { limit: 100 }, OWNER)).data;
    expect(listed).toHaveLength(8);
    for (const card of listed) expect(await engine.bus.send('card-get', { id: card.id }, OWNER)).toEqual(card);
    expect(listed.find((c) => c.program_kind === 'credit')?.balance?.available).toBe(5_000_000 - 25_000);
    expect(listed.find((c) => c.id === prepaid.id)?.balance?.available).toBe(150_000);
    // And a card found by its number is the same card.
    const first = listed[0]!;
    expect(await engine.bus.send('card-find-by-number', { number: (await engine.bus.send('card-reveal', { id: first.id }, OWNER)).number }, OWNER)).toEqual(first);
    // The network learns each new card with its BIN part, never the number.
    const outbox = engine.database.sqlite.prepare("SELECT payload FROM network_outbox WHERE kind = 'card.provision'").all() as Array<{ payload: string }>;
    expect(outbox).toHaveLength(8);
    for (const row of outbox) expect(JSON.parse(row.payload).first6).toMatch(/^\d{6}$/);
  });
});

describe('card lifecycle', () => {
  async function issued() {
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    return engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
  }

  it('freezes, unfreezes and cancels as lost; a canceled card cannot change or be replaced', async () => {
    const card = await issued();
    expect((await engine.bus.send('card-update', { id: card.id, status: 'inactive' }, CASHIER)).status).toBe('inactive');
    expect((await engine.bus.send('card-update', { id: card.id, status: 'active' }, CASHIER)).status).toBe('active');
    const lost = await engine.bus.send('card-update', { id: card.id, status: 'canceled', cancellation_reason: 'lost' }, CASHIER);
    expect(lost).toMatchObject({ status: 'canceled', cancellation_reason: 'lost' });
    const before = await tableCounts(engine);
    expect((await refusal(engine.bus.send('card-update', { id: card.id, status: 'active' }, OWNER))).code).toBe('card_canceled');
    expect((await refusal(engine.bus.send('card-replace', { id: card.id, reason: 'lost' }, OWNER))).code).toBe('card_canceled');
    expect((await refusal(engine.bus.send('card-reveal', { id: card.id }, OWNER))).code).toBe('card_canceled');
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('replaces a stolen card with a new number and cancels the old one at once', async () => {
    const card = await issued();
    const oldNumber = (await reveal(card.id)).number;
    const replacement = await engine.bus.send('card-replace', { id: card.id, reason: 'stolen' }, CASHIER);
    expect(replacement).toMatchObject({ replacement_for: card.id, replacement_reason: 'stolen', status: 'active', account: card.account });
    expect((await reveal(replacement.id)).number).not.toBe(oldNumber);
    expect(await engine.bus.send('card-get', { id: card.id }, OWNER)).toMatchObject({ status: 'canceled', cancellation_reason: 'stolen', replaced_by: replacement.id });
  });

  it('replaces a damaged physical card keeping the number; the old card works until the new one is activated', async () => {
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'physical' }, OWNER);
    await engine.bus.send('card-update', { id: card.id, status: 'active' }, OWNER);
    engine.clock.advance(400 * 86_400_000);
    const replacement = await engine.bus.send('card-replace', { id: card.id, reason: 'damaged' }, OWNER);
    expect((await reveal(replacement.id)).number).toBe((await reveal(card.id)).number);
    expect(replacement.exp_year).toBe(2027 + program.default_expiry_years);
    expect((await engine.bus.send('card-get', { id: card.id }, OWNER)).status).toBe('active');
    await engine.bus.send('card-update', { id: replacement.id, status: 'active' }, OWNER);
    expect(await engine.bus.send('card-get', { id: card.id }, OWNER)).toMatchObject({ status: 'canceled', cancellation_reason: 'damaged' });
    const found = await engine.bus.send('card-find-by-number', { number: (await reveal(replacement.id)).number }, OWNER);
    expect(found.id).toBe(replacement.id);
  });

  it('keeps the cashier from revealing numbers and changing controls, in the core', async () => {
    const card = await issued();
    expect((await refusal(engine.bus.send('card-reveal', { id: card.id }, CASHIER))).type).toBe('permission_error');
    expect((await refusal(engine.bus.send('card-update', { id: card.id, spending_controls: { blocked_countries: ['US'] } }, CASHIER))).type).toBe('permission_error');
    expect((await refusal(engine.bus.execute('card-reveal', { id: card.id }, { type: 'api_key', id: 'key_x', scopes: ['cards:read'] }))).type).toBe('permission_error');
  });

  it('never reaches an illegal state under random sequences of operations', async () => {
    const program = await loyaltyProgram(engine);
    let run = 0;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('status' as const), to: fc.constantFrom<CardStatus>('active', 'inactive', 'canceled') }),
      fc.record({ kind: fc.constant('replace' as const), reason: fc.constantFrom('lost', 'stolen', 'damaged', 'expired') }),
      fc.record({ kind: fc.constant('ship' as const), to: fc.constantFrom('submitted', 'shipped', 'delivered', 'returned', 'failure', 'canceled') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'virtual' | 'physical'>('virtual', 'physical'), fc.array(op, { maxLength: 12 }), async (type, ops) => {
        const holder = await basicCardholder(engine, `Member ${run}`, `+628130000${String(run++).padStart(4, '0')}`);
        let card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type }, OWNER);
        for (const step of ops) {
          const before = card;
          try {
            if (step.kind === 'status') card = await engine.bus.send('card-update', { id: card.id, status: step.to }, OWNER);
            else if (step.kind === 'ship') card = await engine.bus.send('card-ship', { id: card.id, status: step.to as never }, OWNER);
            else card = await engine.bus.send('card-replace', { id: card.id, reason: step.reason as never }, OWNER);
            if (step.kind === 'status') expect(canMoveStatus(before.status, step.to)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(KartuError);
            card = await engine.bus.send('card-get', { id: before.id }, OWNER);
            if (step.kind === 'status') expect(card.status).toBe(before.status);
          }
          if (card.status === 'canceled') expect(card.cancellation_reason).not.toBeNull();
          else expect(card.cancellation_reason).toBeNull();
        }
        // At most one open card per replacement chain: the one a chain ends in.
        const cards = await engine.bus.send('card-list', { cardholder: holder.id, limit: 100 }, OWNER);
        for (const c of cards.data) if (c.replaced_by && c.status !== 'canceled') {
          const next = await engine.bus.send('card-get', { id: c.replaced_by }, OWNER);
          expect(next.status === 'active').toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('card numbers', () => {
  it('are Luhn-valid and unique across many issuances', async () => {
    const program = await loyaltyProgram(engine);
    const holders = [];
    for (let i = 0; i < 15; i++) holders.push(await basicCardholder(engine, `Member ${i}`, `+62812000000${String(i).padStart(2, '0')}`));
    const numbers = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const card = await engine.bus.send('card-create', { program: program.id, cardholder: holders[i % holders.length]!.id, type: 'virtual' }, OWNER);
      const { number } = await reveal(card.id);
      expect(isLuhnValid(number)).toBe(true);
      numbers.add(number);
      if (i % 19 === 18) await engine.bus.send('card-update', { id: card.id, status: 'canceled' }, OWNER);
    }
    expect(numbers.size).toBe(300);
  });
});
