import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../kernel/random.js';
import { CASHIER, MANAGER, OWNER, tableCounts, testEngine, type TestEngine } from '../../testing/test-engine.js';
import { prepaidCard, purchase } from '../../authorization/testing/auth-fixtures.js';
import { SandboxNetwork } from '../sandbox/sandbox-network.js';
import { attachNetwork } from '../network-registry.js';
import { deliverNetworkQueues } from '../outbox/worker.js';
import { deliverAdvices } from './deliver-advices.js';
import type { CardNetwork, NetworkAdvice } from '../adapter.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-stand-in-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function world(path?: string): Promise<{ engine: TestEngine; network: SandboxNetwork }> {
  const engine = await testEngine(path ? { path } : {});
  const network = new SandboxNetwork(path ? `${path}.network` : ':memory:', seededRandom(9));
  attachNetwork(engine.services, network);
  return { engine, network };
}

describe('stand-in processing', () => {
  it('decides locally while the network is down, marks stand_in, and sends advices once, in order, when it is back', async () => {
    const { engine, network } = await world();
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    await deliverNetworkQueues(engine.services, network); // the network learns the card
    const online = await engine.bus.send('network-authorize', purchase(card.id, 10_000), CASHIER);
    expect(online).toMatchObject({ approved: true, stand_in: false });

    network.setConditions({ outage: true });
    const a = await engine.bus.send('network-authorize', purchase(card.id, 20_000), CASHIER);
    const b = await engine.bus.send('network-authorize', purchase(card.id, 5_000_000), CASHIER); // more than the balance
    const c = await engine.bus.send('network-authorize', purchase(card.id, 30_000), CASHIER);
    expect([a, b, c].map((x) => [x.stand_in, x.approved, x.response_code])).toEqual([
      [true, true, '00'],
      [true, false, '51'],
      [true, true, '00'],
    ]);
    const queued = await engine.bus.send('network-advice-list', { kind: 'stand_in', limit: 10 }, MANAGER);
    expect(queued.data.map((x) => x.status)).toEqual(['pending', 'pending', 'pending']);

    // Still down: nothing goes, order kept (the first, the online purchase's report, is retried; the rest wait behind it).
    const down = await deliverAdvices(engine.services, network);
    expect(down).toEqual({ delivered: 0, discrepancies: 0, retried: 1, failed: 0 });
    expect((await deliverAdvices(engine.services, network)).retried).toBe(0); // in backoff: not even tried
    network.setConditions({ outage: false });
    engine.clock.advance(60_000);
    const back = await deliverAdvices(engine.services, network);
    expect(back.failed).toBe(0);
    expect(await deliverAdvices(engine.services, network)).toEqual({ delivered: 0, discrepancies: 0, retried: 0, failed: 0 });
    const seen = network.authorizations();
    expect(seen.map((s) => s.authorization_id)).toEqual([online.id, a.id, b.id, c.id]);
    expect(seen.filter((s) => s.kind === 'stand_in')).toHaveLength(3);
    expect((await engine.bus.send('network-discrepancy-list', { limit: 10 }, MANAGER)).data).toEqual([]);
    const delivered = await engine.bus.send('network-advice-list', { status: 'delivered', limit: 10 }, MANAGER);
    expect(delivered.data.every((x) => x.rrn && /^\d{12}$/.test(x.rrn) && x.network_reference)).toBe(true);
    await engine.close();
    network.close();
  });

  it('records where the network disagrees (it knew the card was blocked) for a person to resolve', async () => {
    const { engine, network } = await world();
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    await deliverNetworkQueues(engine.services, network);
    network.setConditions({ outage: true });
    network.blockCard(card.id, 'stolen'); // the network's fraud team blocked it; Kartu does not know
    const auth = await engine.bus.send('network-authorize', purchase(card.id, 25_000), CASHIER);
    expect(auth).toMatchObject({ approved: true, stand_in: true });
    network.setConditions({ outage: false });
    const report = await deliverNetworkQueues(engine.services, network);
    expect(report.advices).toMatchObject({ delivered: 1, discrepancies: 1 });
    const open = await engine.bus.send('network-discrepancy-list', { status: 'open', limit: 10 }, MANAGER);
    expect(open.data).toHaveLength(1);
    expect(open.data[0]).toMatchObject({ kind: 'network_declined', authorization: auth.id, local: { approved: true, response_code: '00' }, network: { approved: false, response_code: '43' }, amount: 25_000 });

    await expect(engine.bus.send('network-discrepancy-resolve', { id: open.data[0]!.id, resolution: 'keep' }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    await expect(engine.bus.send('network-discrepancy-resolve', { id: 'ndis_missing', resolution: 'keep' }, MANAGER)).rejects.toMatchObject({ type: 'not_found', param: 'id' });
    await expect(engine.bus.send('network-discrepancy-resolve', { id: open.data[0]!.id, resolution: 'refund' } as never, MANAGER)).rejects.toMatchObject({ param: 'resolution' });
    const resolved = await engine.bus.send('network-discrepancy-resolve', { id: open.data[0]!.id, resolution: 'reverse_authorization', note: 'card reported stolen at the network' }, MANAGER);
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'reverse_authorization', resolved_by: 'staff:staff_manager' });
    expect((await engine.bus.send('authorization-get', { id: auth.id }, OWNER)).status).toBe('reversed');
    const before = await tableCounts(engine);
    await expect(engine.bus.send('network-discrepancy-resolve', { id: resolved.id, resolution: 'keep' }, MANAGER)).rejects.toMatchObject({ code: 'already_resolved' });
    expect(await tableCounts(engine)).toEqual(before);
    expect((await engine.bus.send('network-discrepancy-list', { status: 'open', limit: 10 }, MANAGER)).data).toEqual([]);
    await engine.close();
    network.close();
  });

  it('a stand-in decision rolled back queues no advice; a replayed client id queues none twice', async () => {
    const { engine, network } = await world();
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    network.setConditions({ outage: true });
    const before = await tableCounts(engine);
    await expect(engine.bus.send('network-authorize', purchase(card.id, 10_000, { stand_in: true }), CASHIER)).rejects.toMatchObject({ param: 'stand_in' });
    await expect(engine.bus.send('network-authorize', purchase('card_missing', 10_000), CASHIER)).rejects.toMatchObject({ type: 'not_found' });
    expect(await tableCounts(engine)).toEqual(before);
    const first = await engine.bus.send('network-authorize', purchase(card.id, 10_000, { client_id: 'till-1-0001' }), CASHIER);
    const again = await engine.bus.send('network-authorize', purchase(card.id, 10_000, { client_id: 'till-1-0001' }), CASHIER);
    expect(again.id).toBe(first.id);
    expect((await engine.bus.send('network-advice-list', { limit: 10 }, MANAGER)).data).toHaveLength(1);
    await engine.close();
    network.close();
  });

  it('a card change made after a stand-in decision reaches the network after its advice', async () => {
    const { engine, network } = await world();
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    await deliverNetworkQueues(engine.services, network);
    network.setConditions({ outage: true });
    await engine.bus.send('network-authorize', purchase(card.id, 10_000), CASHIER);
    await engine.bus.send('card-update', { id: card.id, status: 'canceled', cancellation_reason: 'lost' } as never, OWNER);
    network.setConditions({ outage: false });
    const pass = await deliverNetworkQueues(engine.services, network);
    expect(pass.advices).toMatchObject({ delivered: 1, discrepancies: 0 }); // judged against the card as it was
    expect(network.card(card.id)?.status).toBe('canceled');
    await engine.close();
    network.close();
  });

  it('an advice the network applied before a crash is sent again after restart and applied once', async () => {
    const path = join(dir, 'crash.db');
    let { engine, network } = await world(path);
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    await deliverNetworkQueues(engine.services, network);
    network.blockCard(card.id, 'fraud');
    network.setConditions({ outage: true });
    const auth = await engine.bus.send('network-authorize', purchase(card.id, 10_000), CASHIER);
    network.setConditions({ outage: false });
    const dying: CardNetwork = {
      name: 'dying',
      send: (m) => network.send(m),
      echo: async () => true,
      clearingFile: (date) => network.clearingFile(date),
      advice: async (m: NetworkAdvice) => {
        await network.advice(m);
        throw new Error('process killed');
      },
    };
    await deliverAdvices(engine.services, dying);
    await engine.close();
    engine = await testEngine({ path, start: new Date('2026-03-02T04:00:00Z') });
    attachNetwork(engine.services, network);
    const report = await deliverAdvices(engine.services, network);
    expect(report).toMatchObject({ delivered: 1, discrepancies: 1 });
    expect(network.authorizations().filter((a) => a.authorization_id === auth.id)).toHaveLength(1);
    const list = await engine.bus.send('network-discrepancy-list', { limit: 10 }, MANAGER);
    expect(list.data).toHaveLength(1);
    expect(list.data[0]?.network.response_code).toBe('59');
    await engine.close();
    network.close();
  });

  it('an echo that does not answer by the deadline counts as unreachable: stand-in', async () => {
    const { engine, network } = await world();
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    network.setConditions({ latencyMs: 400 }); // slower than the 250 ms the counter waits
    const auth = await engine.bus.send('network-authorize', purchase(card.id, 10_000), CASHIER);
    expect(auth).toMatchObject({ approved: true, stand_in: true });
    expect((await engine.bus.send('network-advice-list', { kind: 'stand_in', limit: 10 }, MANAGER)).data).toHaveLength(1);
    await engine.close();
    network.close();
  });

  it('waits for a slow network outside the database: other writes go ahead meanwhile', async () => {
    const { engine, network } = await world();
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    network.setConditions({ latencyMs: 400 });
    const finished: string[] = [];
    const counter = engine.bus.send('network-authorize', purchase(card.id, 10_000), CASHIER).then((a) => {
      finished.push('counter');
      return a;
    });
    // Started after the counter purchase, while its echo is still waiting: it must not queue
    // behind a transaction held open across the network call.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.bus.send('top-up-create', { card: card.id, amount: 5_000 }, OWNER).then(() => finished.push('top-up'));
    expect((await counter).stand_in).toBe(true);
    expect(finished).toEqual(['top-up', 'counter']);
    await engine.close();
    network.close();
  });

  it('live mode without a network adapter: the counter decides locally, neither stand-in nor advised', async () => {
    const engine = await testEngine({ mode: 'live' });
    const { card } = await prepaidCard(engine, { topUp: 1_000 });
    const approved = await engine.bus.send('network-authorize', purchase(card.id, 100), CASHIER);
    expect(approved).toMatchObject({ approved: true, stand_in: false, amount: 100 });
    const declined = await engine.bus.send('network-authorize', purchase(card.id, 5_000), CASHIER);
    expect(declined).toMatchObject({ approved: false, decline_reason: 'insufficient_funds', stand_in: false });
    // The same rules as any local decision: the hold is on the card.
    expect((await engine.bus.send('authorization-get', { id: approved.id }, CASHIER)).status).toBe('pending');
    expect((await tableCounts(engine)).network_advices).toBe(0);
    // Advices and their list still need a network; there is none to advise.
    await expect(engine.bus.send('network-advice-list', { limit: 10 }, MANAGER)).resolves.toMatchObject({ data: [] });
    await engine.close();
  });
});
