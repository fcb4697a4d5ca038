import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKartu, type Kartu } from '../kartu.js';
import { manualClock } from '../kernel/clock.js';
import { seededRandom } from '../kernel/random.js';
import { CASHIER, MANAGER, OWNER, TEST_KEY, tableCounts } from '../testing/test-engine.js';
import { prepaidCard, purchase } from '../authorization/testing/auth-fixtures.js';
import { deliverNetworkQueues } from '../network/outbox/worker.js';
import type { SandboxSettlementFile } from '../network/clearing/settlement-formats.js';
import type { Engine } from '../engine.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-sandbox-settlement-'));
const clock = manualClock(new Date('2026-04-06T03:00:00Z'));
let kartu: Kartu;
let engine: Engine;
let cardId: string;
let last4: string;

beforeAll(async () => {
  kartu = await openKartu({ dataDir: dir, clock, random: seededRandom(3), cardDataKey: TEST_KEY });
  engine = kartu.sandbox;
  const { card } = await prepaidCard(engine, { topUp: 50_000_000 });
  cardId = card.id;
  last4 = card.last4;
  await deliverNetworkQueues(engine.services, kartu.sandboxNetwork); // the network learns the card
});
afterAll(async () => {
  await kartu.close();
  rmSync(dir, { recursive: true, force: true });
});

const today = () => clock.now().toISOString().slice(0, 10);
const file = async (input: Record<string, unknown>) => {
  const made = await engine.bus.send('test-helper-settlement-file', { date: today(), ...input }, MANAGER);
  return { made, parsed: JSON.parse(made.content) as SandboxSettlementFile };
};
/** A purchase at the counter screen: decided by the engine alone, captured at once (the network never hears of it). */
async function counterPurchase(amount: number, captureAmount?: number) {
  const auth = await engine.bus.send('authorization-create', purchase(cardId, amount), CASHIER);
  await engine.bus.send('authorization-capture', { id: auth.id, ...(captureAmount ? { amount: captureAmount } : {}) }, CASHIER);
  return auth;
}

describe("the sandbox network's daily settlement file", () => {
  it("clears every purchase of the day, whichever way it was made, and an import captures what is held and matches what was captured", async () => {
    const counter = await counterPurchase(25_000);
    const tipless = await counterPurchase(40_000, 35_000); // a final capture for less: cleared for what was taken
    const held = await engine.bus.send('test-helper-authorize', purchase(cardId, 18_000), CASHIER);
    const network = await engine.bus.send('network-authorize', purchase(cardId, 12_000), CASHIER);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    const reversed = await engine.bus.send('test-helper-authorize', purchase(cardId, 9_000), CASHIER);
    await engine.bus.send('authorization-reverse', { id: reversed.id }, CASHIER);
    const declined = await engine.bus.send('test-helper-authorize', purchase(cardId, 0), CASHIER);
    expect(declined.approved).toBe(false);

    const { made, parsed } = await file({});
    expect(made).toMatchObject({ object: 'settlement_file', format: 'sandbox', settlement_date: today(), records: 4 });
    const byAuth = new Map(parsed.records.map((r) => [r.authorization, r]));
    expect([...byAuth.keys()].sort()).toEqual([counter.id, tipless.id, held.id, network.id].sort());
    expect(byAuth.get(counter.id)).toMatchObject({ record_id: `SBX-${counter.id}`, type: 'capture', rrn: null, card_last4: last4, amount: 25_000, currency: 'IDR', merchant_id: 'MRC-CAFE-01' });
    expect(byAuth.get(tipless.id)!.amount).toBe(35_000);
    expect(byAuth.get(held.id)!.amount).toBe(18_000);
    // What the network saw keeps the network's own reference and RRN.
    expect(byAuth.get(network.id)!.record_id).toMatch(/^SBX-SBX\d{9}$/);
    expect(byAuth.get(network.id)!.rrn).toMatch(/^\d{12}$/);
    // Settled the next day, in record order of the decisions.
    expect(parsed.records.every((r) => r.settled_at.startsWith('2026-04-07'))).toBe(true);

    const imported = await engine.bus.send('settlement-import', { content: made.content }, MANAGER);
    expect(imported).toMatchObject({ records: 4, matched: 4, captured: 2, exceptions: 0, total_amount: { IDR: 25_000 + 35_000 + 18_000 + 12_000 } });
    expect(await engine.bus.send('authorization-get', { id: held.id }, OWNER)).toMatchObject({ status: 'closed', captured_amount: 18_000 });
    const items = (await engine.bus.send('settlement-item-list', { import: imported.id, limit: 10 }, MANAGER)).data;
    expect(Object.fromEntries(items.map((i) => [i.authorization, i.outcome]))).toEqual({
      [counter.id]: 'already_settled',
      [tipless.id]: 'already_settled',
      [held.id]: 'captured',
      [network.id]: 'captured',
    });
  });

  it('leaves out other days, and without a date clears every day', async () => {
    const yesterday = today();
    clock.advance(86_400_000);
    const next = await counterPurchase(30_000);
    const { parsed } = await file({});
    expect(parsed.records.map((r) => r.authorization)).toEqual([next.id]);
    const all = await engine.bus.send('test-helper-settlement-file', {}, MANAGER);
    expect(all.records).toBe(5);
    expect(all.settlement_date).toBeNull();
    const before = await file({ date: yesterday });
    expect(before.made.records).toBe(4);
  });

  it('keeps the seeded mismatches over the whole day: a higher amount, an unknown authorization, another card', async () => {
    clock.advance(86_400_000);
    for (const amount of [11_000, 12_000, 13_000]) await counterPurchase(amount);
    await engine.bus.send('test-helper-authorize', purchase(cardId, 14_000), CASHIER);
    const clean = await file({});
    expect(clean.made.records).toBe(4);
    const spoiled = await file({ mismatches: 3, seed: 11 });
    const again = await file({ mismatches: 3, seed: 11 });
    expect(again.made.content).toBe(spoiled.made.content); // deterministic from the seed
    expect(spoiled.made.records).toBe(5); // one extra record, for an authorization nobody knows
    expect(spoiled.made.file_id).not.toBe(clean.made.file_id);
    const imported = await engine.bus.send('settlement-import', { content: spoiled.made.content }, MANAGER);
    const open = (await engine.bus.send('settlement-item-list', { import: imported.id, status: 'open', limit: 10 }, MANAGER)).data;
    expect(open.map((i) => i.problem).sort()).toEqual(['amount_differs', 'card_differs', 'unknown_authorization']);
    expect(imported).toMatchObject({ records: 5, exceptions: 3, matched: 2 });
  });

  it('is refused outside the sandbox, to a cashier, and with bad input, writing nothing', async () => {
    const before = await tableCounts(engine);
    await expect(kartu.live.bus.send('test-helper-settlement-file', { date: today() }, OWNER)).rejects.toMatchObject({ code: 'sandbox_only' });
    await expect(engine.bus.send('test-helper-settlement-file', {}, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    await expect(engine.bus.send('test-helper-settlement-file', { date: '6 April' }, MANAGER)).rejects.toMatchObject({ param: 'date' });
    await expect(engine.bus.send('test-helper-settlement-file', { mismatches: -1 }, MANAGER)).rejects.toMatchObject({ param: 'mismatches' });
    expect(await tableCounts(engine)).toEqual(before);
  });
});

describe("the sandbox network's own block on a card", () => {
  it('makes the network disagree with a stand-in purchase, a discrepancy a person resolves; lifted, the network agrees again', async () => {
    await expect(engine.bus.send('test-helper-network-block', { card: cardId, reason: 'stolen' }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    await expect(engine.bus.send('test-helper-network-block', { card: 'card_missing', reason: 'stolen' }, MANAGER)).rejects.toMatchObject({ type: 'not_found', param: 'card' });
    await expect(engine.bus.send('test-helper-network-block', { card: cardId, reason: 'sleepy' } as never, MANAGER)).rejects.toMatchObject({ param: 'reason' });
    await expect(kartu.live.bus.send('test-helper-network-block', { card: cardId, reason: 'stolen' }, OWNER)).rejects.toMatchObject({ code: 'sandbox_only' });

    const blocked = await engine.bus.send('test-helper-network-block', { card: cardId, reason: 'stolen' }, MANAGER);
    expect(blocked).toMatchObject({ id: cardId, object: 'sandbox_network_card', known_to_network: true, network_status: 'active', blocked_reason: 'stolen' });
    kartu.sandboxNetwork.setConditions({ outage: true });
    const standIn = await engine.bus.send('network-authorize', purchase(cardId, 20_000), CASHIER);
    expect(standIn).toMatchObject({ approved: true, stand_in: true });
    kartu.sandboxNetwork.setConditions({ outage: false });
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    const open = (await engine.bus.send('network-discrepancy-list', { status: 'open', limit: 10 }, MANAGER)).data;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ authorization: standIn.id, kind: 'network_declined', network: { approved: false, response_code: '43' } });
    await engine.bus.send('network-discrepancy-resolve', { id: open[0]!.id, resolution: 'reverse_authorization' }, MANAGER);
    expect(await engine.bus.send('authorization-get', { id: standIn.id }, OWNER)).toMatchObject({ status: 'reversed' });

    await engine.bus.send('test-helper-network-block', { card: cardId, reason: null }, MANAGER);
    await engine.bus.send('network-authorize', purchase(cardId, 21_000), CASHIER);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    expect((await engine.bus.send('network-discrepancy-list', { status: 'open', limit: 10 }, MANAGER)).data).toEqual([]);
  });
});
