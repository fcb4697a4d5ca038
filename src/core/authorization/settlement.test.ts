import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { prepaidCard, purchase } from './testing/auth-fixtures.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

const send = <K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown) => engine.bus.send(name, input as never, OWNER);
const balance = async (card: string) => {
  const b = await send('balance-get', { card });
  return { available: b.available, pending: b.pending };
};
const ledgerOk = async () => expect((await send('ledger-check', {})).problems).toEqual([]);

describe('capture, reverse, refund', () => {
  it('captures a hold in full once; a second capture is refused and writes nothing', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const a = await send('authorization-create', purchase(card.id, 30_000));
    const t = await send('authorization-capture', { id: a.id });
    expect(t).toMatchObject({ object: 'transaction', type: 'capture', amount: 30_000, currency: 'IDR', authorization: a.id, card: card.id });
    expect(t.id).toMatch(/^txn_/);
    expect(await send('authorization-get', { id: a.id })).toMatchObject({ status: 'closed', captured_amount: 30_000, pending_amount: 0 });
    expect(await balance(card.id)).toEqual({ available: 70_000, pending: 0 });
    const before = await tableCounts(engine);
    await expect(send('authorization-capture', { id: a.id })).rejects.toMatchObject({ code: 'authorization_not_pending', param: 'id' });
    await expect(send('authorization-reverse', { id: a.id })).rejects.toMatchObject({ code: 'authorization_not_pending' });
    expect(await tableCounts(engine)).toEqual(before);
    await ledgerOk();
  });

  it('a partial final capture releases the rest (and gives the limit room back)', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000, card: { spending_controls: { spending_limits: [{ amount: 50_000, interval: 'daily' }] } } });
    const a = await send('authorization-create', purchase(card.id, 40_000));
    await send('authorization-capture', { id: a.id, amount: 25_000 });
    expect(await send('authorization-get', { id: a.id })).toMatchObject({ status: 'closed', captured_amount: 25_000, reversed_amount: 15_000, pending_amount: 0 });
    expect(await balance(card.id)).toEqual({ available: 75_000, pending: 0 });
    expect((await send('authorization-create', purchase(card.id, 25_000))).approved).toBe(true);
    await ledgerOk();
  });

  it('captures more than once when not final, each resolving its own hold once', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const a = await send('authorization-create', purchase(card.id, 60_000));
    await send('authorization-capture', { id: a.id, amount: 20_000, final: false });
    expect(await send('authorization-get', { id: a.id })).toMatchObject({ status: 'pending', captured_amount: 20_000, pending_amount: 40_000 });
    expect(await balance(card.id)).toEqual({ available: 40_000, pending: 40_000 });
    await send('authorization-capture', { id: a.id, amount: 30_000, final: false });
    await send('authorization-capture', { id: a.id, amount: 10_000 });
    expect(await send('authorization-get', { id: a.id })).toMatchObject({ status: 'closed', captured_amount: 60_000, pending_amount: 0 });
    const transfers = (await send('ledger-transfer-list', { authorization: a.id, limit: 100 })).data;
    const pendings = transfers.filter((t) => t.kind === 'pending').map((t) => t.id);
    const resolved = transfers.filter((t) => t.pending_id).map((t) => t.pending_id);
    expect(new Set(resolved).size).toBe(resolved.length); // each hold resolved once
    expect(resolved.sort()).toEqual(pendings.sort()); // and every hold resolved
    await ledgerOk();
  });

  it('reverses in part, then in full: status reversed, the hold voided once', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const a = await send('authorization-create', purchase(card.id, 30_000));
    expect(await send('authorization-reverse', { id: a.id, amount: 10_000 })).toMatchObject({ status: 'pending', pending_amount: 20_000, reversed_amount: 10_000 });
    expect(await balance(card.id)).toEqual({ available: 80_000, pending: 20_000 });
    expect(await send('authorization-reverse', { id: a.id })).toMatchObject({ status: 'reversed', pending_amount: 0, reversed_amount: 30_000 });
    expect(await balance(card.id)).toEqual({ available: 100_000, pending: 0 });
    await expect(send('authorization-reverse', { id: a.id })).rejects.toMatchObject({ code: 'authorization_not_pending' });
    await ledgerOk();
  });

  it('refunds a capture in parts, never more than captured', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const a = await send('authorization-create', purchase(card.id, 30_000));
    const t = await send('authorization-capture', { id: a.id });
    const r1 = await send('transaction-refund', { id: t.id, amount: 10_000 });
    expect(r1).toMatchObject({ type: 'refund', amount: 10_000, capture: t.id, authorization: a.id });
    const before = await tableCounts(engine);
    await expect(send('transaction-refund', { id: t.id, amount: 20_001 })).rejects.toMatchObject({ code: 'amount_too_large', param: 'amount' });
    await expect(send('transaction-refund', { id: r1.id })).rejects.toMatchObject({ code: 'not_a_capture' });
    expect(await tableCounts(engine)).toEqual(before);
    await send('transaction-refund', { id: t.id });
    await expect(send('transaction-refund', { id: t.id })).rejects.toMatchObject({ code: 'already_refunded' });
    expect(await balance(card.id)).toEqual({ available: 100_000, pending: 0 });
    expect((await send('authorization-get', { id: a.id })).refunded_amount).toBe(30_000);
    expect((await send('transaction-list', { card: card.id, limit: 10 })).data.map((x) => x.type)).toEqual(['refund', 'refund', 'capture']);
    await ledgerOk();
  });

  it('refuses to capture a declined authorization, or more than held, and writes nothing', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000 });
    const declined = await send('authorization-create', purchase(card.id, 30_000));
    const ok = await send('authorization-create', purchase(card.id, 500));
    const before = await tableCounts(engine);
    await expect(send('authorization-capture', { id: declined.id })).rejects.toMatchObject({ code: 'authorization_declined', param: 'id' });
    await expect(send('authorization-capture', { id: ok.id, amount: 501 })).rejects.toMatchObject({ code: 'amount_too_large', param: 'amount' });
    await expect(send('authorization-capture', { id: ok.id, amount: 0 })).rejects.toMatchObject({ param: 'amount' });
    await expect(send('authorization-capture', { id: 'auth_nope' })).rejects.toMatchObject({ type: 'not_found', param: 'id' });
    await expect(send('transaction-refund', { id: 'txn_nope' })).rejects.toMatchObject({ type: 'not_found' });
    await expect(send('authorization-reverse', { id: ok.id, amount: 9_999 })).rejects.toMatchObject({ code: 'amount_too_large' });
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('capture client_id: replay returns the first capture; another amount is refused', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const a = await send('authorization-create', purchase(card.id, 30_000));
    const t = await send('authorization-capture', { id: a.id, amount: 30_000, client_id: 'cap-1' });
    expect((await send('authorization-capture', { id: a.id, amount: 30_000, client_id: 'cap-1' })).id).toBe(t.id);
    await expect(send('authorization-capture', { id: a.id, amount: 20_000, client_id: 'cap-1' })).rejects.toMatchObject({ code: 'exists_with_different_amount' });
  });

  it('incremental authorization grows the hold when rules and funds allow, else records the decline', async () => {
    const { card } = await prepaidCard(engine, { topUp: 50_000, card: { spending_controls: { spending_limits: [{ amount: 45_000, interval: 'daily' }] } } });
    const a = await send('authorization-create', purchase(card.id, 30_000));
    const grown = await send('authorization-increment', { id: a.id, amount: 10_000 });
    expect(grown).toMatchObject({ amount: 40_000, pending_amount: 40_000, status: 'pending' });
    expect(await balance(card.id)).toEqual({ available: 10_000, pending: 40_000 });
    const refused = await send('authorization-increment', { id: a.id, amount: 8_000 });
    expect(refused).toMatchObject({ amount: 40_000, pending_amount: 40_000 });
    expect(refused.request_history.at(-1)).toMatchObject({ type: 'increment', approved: false, response_code: '61', decline_reason: 'spending_limit' });
    await send('authorization-capture', { id: a.id });
    expect(await balance(card.id)).toEqual({ available: 10_000, pending: 0 });
    await ledgerOk();
  });

  it('expires stale holds after the configured hold time, once', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    await send('authorization-hold-time-set', { seconds: 3_600 });
    const a = await send('authorization-create', purchase(card.id, 30_000));
    engine.clock.advance(3_599_000);
    expect((await send('authorization-expire-stale', {})).expired).toBe(0);
    engine.clock.advance(1_000);
    expect((await send('authorization-expire-stale', {})).expired).toBe(1);
    expect((await send('authorization-expire-stale', {})).expired).toBe(0);
    expect(await send('authorization-get', { id: a.id })).toMatchObject({ status: 'expired', pending_amount: 0 });
    expect(await balance(card.id)).toEqual({ available: 100_000, pending: 0 });
    await expect(send('authorization-capture', { id: a.id })).rejects.toMatchObject({ code: 'authorization_not_pending' });
    await ledgerOk();
  });

  it('fees: per-transaction fee held with the purchase and posted at capture as its own line', async () => {
    const { card, program } = await prepaidCard(engine, { topUp: 100_000, program: { fees: { per_transaction: 1_500 } } });
    const a = await send('authorization-create', purchase(card.id, 30_000));
    expect(a.fees).toEqual({ transaction: 1_500, fx: 0 });
    expect(await balance(card.id)).toEqual({ available: 68_500, pending: 31_500 });
    const t = await send('authorization-capture', { id: a.id });
    expect(t.fees).toEqual({ transaction: 1_500, fx: 0 });
    expect(await balance(card.id)).toEqual({ available: 68_500, pending: 0 });
    const fees = (await send('ledger-account-list', { code: 'fees_income', limit: 10 })).data;
    expect(fees[0]).toMatchObject({ id: 'fees_income:IDR', credits_posted: 1_500 });
    // A reversal of a second authorization returns its fee too.
    const b = await send('authorization-create', purchase(card.id, 10_000));
    await send('authorization-reverse', { id: b.id });
    expect(await balance(card.id)).toEqual({ available: 68_500, pending: 0 });
    void program;
    await ledgerOk();
  });
});
