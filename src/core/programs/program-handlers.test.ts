import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { CASHIER, OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

async function refused(promise: Promise<unknown>): Promise<KartuError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KartuError);
  return error as KartuError;
}

describe('program-create', () => {
  it('creates a program from the smallest body with sandbox defaults', async () => {
    const program = await engine.bus.send('program-create', { name: 'Kopi Nusantara Rewards', kind: 'loyalty', currency: 'IDR' }, OWNER);
    expect(program.id).toMatch(/^prog_/);
    expect(program.network).toBe('sandbox');
    expect(program.bin).toMatch(/^\d{6}$/);
    expect(program.timezone).toBe('Asia/Jakarta');
    expect(program.kyc_requirements.fields).toEqual(['name', 'phone_or_email']);
    const got = await engine.bus.send('program-get', { id: program.id }, CASHIER);
    expect(got).toEqual(program);
  });

  it('gives a new IDR prepaid program the unregistered e-money balance cap', async () => {
    const program = await engine.bus.send('program-create', { name: 'Gift', kind: 'prepaid', currency: 'IDR' }, OWNER);
    expect(program.caps.balance).toBe(200_000_000);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await tableCounts(engine);
    const cases: Array<[unknown, string]> = [
      [{ name: 'X', kind: 'loyalty', currency: 'idr' }, 'currency'],
      [{ name: 'X', kind: 'points', currency: 'IDR' }, 'kind'],
      [{ kind: 'loyalty', currency: 'IDR' }, 'name'],
      [{ name: 'X', kind: 'loyalty', currency: 'IDR', timezone: 'Mars/Base' }, 'timezone'],
      [{ name: 'X', kind: 'loyalty', currency: 'IDR', colour: 'red' }, 'colour'],
      [{ name: 'X', kind: 'loyalty', currency: 'IDR', brand: { primary_color: 'blue' } }, 'brand.primary_color'],
      [{ name: 'X', kind: 'loyalty', currency: 'IDR', default_spending_controls: { allowed_categories: ['9999'] } }, 'default_spending_controls.allowed_categories.0'],
      [{ name: 'X', kind: 'loyalty', currency: 'IDR', caps: { daily: 100 }, default_spending_controls: { spending_limits: [{ amount: 500, interval: 'daily' }] } }, 'default_spending_controls.spending_limits.0.amount'],
    ];
    for (const [input, param] of cases) {
      const error = await refused(engine.bus.execute('program-create', input, OWNER));
      expect(error.type).toBe('invalid_request_error');
      expect(error.param).toBe(param);
    }
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('refuses a cashier, in the core', async () => {
    const error = await refused(engine.bus.execute('program-create', { name: 'X', kind: 'loyalty', currency: 'IDR' }, CASHIER));
    expect(error.type).toBe('permission_error');
  });

  it('refuses an unknown command with a typed error', async () => {
    const error = await refused(engine.bus.execute('program-explode', {}, OWNER));
    expect(error.code).toBe('unknown_command');
    expect(error.param).toBe('command');
  });
});

describe('program-list', () => {
  it('pages newest first with has_more', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(await engine.bus.send('program-create', { name: `P${i}`, kind: 'loyalty', currency: 'IDR' }, OWNER));
      engine.clock.advance(1000);
    }
    const first = await engine.bus.send('program-list', { limit: 2 }, OWNER);
    expect(first.data.map((p) => p.name)).toEqual(['P4', 'P3']);
    expect(first.has_more).toBe(true);
    const last = await engine.bus.send('program-list', { limit: 3, starting_after: first.data[1]!.id }, OWNER);
    expect(last.data.map((p) => p.name)).toEqual(['P2', 'P1', 'P0']);
    expect(last.has_more).toBe(false);
  });
});
