import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { creditCard, prepaidCard, purchase } from '../authorization/testing/auth-fixtures.js';
import { LedgerBatch } from './ledger-batch.js';
import { systemSpec, cardFundsSpec } from './accounts.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

const send = <K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown) => engine.bus.send(name, input as never, OWNER);

describe('ledger', () => {
  it('top-ups respect the program balance cap (Rp 2.000.000 for an IDR prepaid program)', async () => {
    const { card } = await prepaidCard(engine);
    const t = await send('top-up-create', { card: card.id, amount: 150_000_000 });
    expect(t).toMatchObject({ object: 'top_up', type: 'top_up', card: card.id, amount: 150_000_000, currency: 'IDR', balance: { available: 150_000_000, pending: 0 } });
    expect(t.id).toMatch(/^topup_/);
    const before = await tableCounts(engine);
    await expect(send('top-up-create', { card: card.id, amount: 50_000_001 })).rejects.toMatchObject({ code: 'balance_cap_exceeded', param: 'amount' });
    await expect(send('top-up-create', { card: card.id, amount: 0 })).rejects.toMatchObject({ param: 'amount' });
    await expect(send('top-up-create', { card: 'card_nope', amount: 5 })).rejects.toMatchObject({ type: 'not_found', param: 'card' });
    expect(await tableCounts(engine)).toEqual(before);
    await send('top-up-create', { card: card.id, amount: 50_000_000 });
    expect((await send('card-get', { id: card.id })).balance).toEqual({ available: 200_000_000, pending: 0, currency: 'IDR' });
  });

  it('top-up client_id: replay returns the first; another amount -> exists_with_different_amount', async () => {
    const { card } = await prepaidCard(engine);
    const first = await send('top-up-create', { card: card.id, amount: 10_000, client_id: 'till-7-42' });
    expect((await send('top-up-create', { card: card.id, amount: 10_000, client_id: 'till-7-42' })).id).toBe(first.id);
    await expect(send('top-up-create', { card: card.id, amount: 11_000, client_id: 'till-7-42' })).rejects.toMatchObject({ type: 'idempotency_error', code: 'exists_with_different_amount' });
    expect((await send('balance-get', { card: card.id })).available).toBe(10_000);
  });

  it('withdrawals never take more than is available (holds included)', async () => {
    const { card } = await prepaidCard(engine, { topUp: 50_000 });
    await send('authorization-create', purchase(card.id, 20_000));
    await expect(send('withdrawal-create', { card: card.id, amount: 30_001 })).rejects.toMatchObject({ code: 'insufficient_funds', param: 'amount' });
    const w = await send('withdrawal-create', { card: card.id, amount: 30_000 });
    expect(w).toMatchObject({ object: 'withdrawal', amount: 30_000, balance: { available: 0, pending: 20_000 } });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('credit cards: the line is granted when the card is issued; payments restore it, never past the limit', async () => {
    const { card } = await creditCard(engine, 100_000);
    const a = await send('authorization-create', purchase(card.id, 60_000));
    await send('authorization-capture', { id: a.id });
    expect((await send('balance-get', { card: card.id })).available).toBe(40_000);
    await expect(send('top-up-create', { card: card.id, amount: 60_001 })).rejects.toMatchObject({ code: 'payment_exceeds_balance' });
    expect(await send('top-up-create', { card: card.id, amount: 60_000 })).toMatchObject({ type: 'credit_payment' });
    expect((await send('balance-get', { card: card.id })).available).toBe(100_000);
  });

  it('the issuance fee is posted with the card, never overdrawing: a credit card pays it from its line', async () => {
    const { card } = await creditCard(engine, 100_000, { fees: { issuance: 2_500 } });
    expect((await send('card-get', { id: card.id })).balance?.available).toBe(97_500);
    const prepaid = await prepaidCard(engine, { program: { fees: { issuance: 2_500 } } });
    const fees = await send('fee-list', { card: prepaid.card.id, limit: 10 });
    expect(fees.data[0]).toMatchObject({ kind: 'issuance', amount: 2_500, collected_amount: 0 });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('ledger-check finds a balance that does not match its transfers', async () => {
    const { card } = await prepaidCard(engine, { topUp: 50_000 });
    await send('authorization-create', purchase(card.id, 20_000));
    const good = await send('ledger-check', {});
    expect(good).toMatchObject({ ok: true, problems: [] });
    expect(good.totals.IDR).toEqual({ debits_posted: 50_000, credits_posted: 50_000, debits_pending: 20_000, credits_pending: 20_000 });
    engine.database.sqlite.prepare("UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE code = 'card_funds'").run();
    const bad = await send('ledger-check', {});
    expect(bad.ok).toBe(false);
    expect(bad.problems.join('\n')).toMatch(/credits_posted is 50001 but its transfers give 50000/);
    expect(bad.problems.join('\n')).toMatch(/IDR: posted debits 50000 differ from posted credits 50001/);
  });

  it('the database itself refuses an overdraft of a funds account', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000 });
    expect(() => engine.database.sqlite.prepare("UPDATE ledger_accounts SET debits_posted = 5000 WHERE code = 'card_funds'").run()).toThrow(/CHECK constraint/);
    void card;
  });

  it('a pending transfer resolves exactly once', async () => {
    const { card } = await prepaidCard(engine, { topUp: 10_000 });
    const { services } = engine;
    let holdId = '';
    await services.db.transaction().execute(async (trx) => {
      const batch = new LedgerBatch(trx, services.ids, services.clock);
      const funds = cardFundsSpec(card.account, 'IDR');
      await batch.open(funds);
      await batch.open(systemSpec('merchant_settlement', 'IDR'));
      holdId = batch.pending({ debit: funds.id, credit: 'merchant_settlement:IDR', amount: 4_000, code: 'purchase' }).id;
      await batch.post(holdId, 1_000);
      await expect(batch.void(holdId)).rejects.toMatchObject({ code: 'transfer_already_resolved' });
      await batch.flush();
    });
    await services.db.transaction().execute(async (trx) => {
      const batch = new LedgerBatch(trx, services.ids, services.clock);
      await expect(batch.post(holdId)).rejects.toMatchObject({ code: 'transfer_already_resolved' });
    });
    expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 9_000, pending: 0 });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });
});
