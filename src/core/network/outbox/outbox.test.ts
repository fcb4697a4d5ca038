import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../kernel/random.js';
import { OWNER, testEngine } from '../../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../../testing/fixtures.js';
import { SandboxNetwork } from '../sandbox/sandbox-network.js';
import type { CardNetwork, NetworkCardMessage } from '../adapter.js';
import { deliverOutbox } from './deliver.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-outbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('network outbox', () => {
  it('queues changes while the network is down and delivers them once, in order, when it is back', async () => {
    const engine = await testEngine();
    const network = new SandboxNetwork(':memory:', seededRandom(1));
    network.setConditions({ outage: true });
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    await engine.bus.send('card-update', { id: card.id, status: 'inactive' }, OWNER);
    await engine.bus.send('card-update', { id: card.id, status: 'active' }, OWNER);

    const down = await deliverOutbox(engine.services, network);
    expect(down).toEqual({ delivered: 0, retried: 1, failed: 0 }); // the later messages wait behind the first
    expect(network.card(card.id)).toBeUndefined();
    const pending = await engine.bus.send('outbox-list', { card: card.id, limit: 10 }, OWNER);
    expect(pending.data.map((m) => m.status).sort()).toEqual(['pending', 'pending', 'retrying']);

    network.setConditions({ outage: false });
    expect((await deliverOutbox(engine.services, network)).delivered).toBe(0); // backoff not yet elapsed
    engine.clock.advance(60_000);
    expect(await deliverOutbox(engine.services, network)).toEqual({ delivered: 3, retried: 0, failed: 0 });
    expect(network.appliedMessages(card.id).map((m) => m.kind)).toEqual(['card.provision', 'card.status', 'card.status']);
    expect(network.card(card.id)?.status).toBe('active');
    expect((await deliverOutbox(engine.services, network)).delivered).toBe(0);
    await engine.close();
    network.close();
  });

  it('delivers after a crash between the write and the delivery, exactly once at the network', async () => {
    const dbPath = join(dir, 'sandbox.db');
    const network = new SandboxNetwork(join(dir, 'network.db'), seededRandom(2));
    let engine = await testEngine({ path: dbPath });
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    // The network applies the message, then the process dies before marking it delivered.
    const dying: CardNetwork = {
      name: 'dying',
      send: async (message: NetworkCardMessage) => {
        await network.send(message);
        throw new Error('process killed');
      },
      advice: (message) => network.advice(message),
      echo: async () => true,
      clearingFile: (date) => network.clearingFile(date),
    };
    await deliverOutbox(engine.services, dying);
    await engine.close();

    engine = await testEngine({ path: dbPath, start: new Date('2026-03-02T04:00:00Z') });
    const report = await deliverOutbox(engine.services, network);
    expect(report.delivered).toBe(1);
    expect(network.appliedMessages(card.id)).toHaveLength(1);
    expect((await engine.bus.send('outbox-summary', {}, OWNER)).delivered).toBe(1);
    await engine.close();
    network.close();
  });

  it('writes what a pass learned in one commit, and a pass whose write is lost sends again, applied once at the network', async () => {
    const engine = await testEngine();
    const network = new SandboxNetwork(':memory:', seededRandom(3));
    const program = await loyaltyProgram(engine);
    const cards = [];
    for (let i = 0; i < 4; i++) {
      const holder = await basicCardholder(engine);
      cards.push(await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER));
    }
    // The marks' commit fails (the process dies before it): every message was sent, none marked.
    const transactions = vi.spyOn(engine.services.db, 'transaction');
    transactions.mockImplementationOnce(() => {
      throw new Error('process killed');
    });
    await expect(deliverOutbox(engine.services, network)).rejects.toThrow('process killed');
    expect(transactions).toHaveBeenCalledTimes(1);
    expect((await engine.bus.send('outbox-summary', {}, OWNER)).delivered).toBe(0);
    transactions.mockClear();
    expect(await deliverOutbox(engine.services, network)).toEqual({ delivered: 4, retried: 0, failed: 0 });
    expect(transactions).toHaveBeenCalledTimes(1); // one commit for the four marks
    transactions.mockRestore();
    for (const card of cards) expect(network.appliedMessages(card.id)).toHaveLength(1);
    expect((await engine.bus.send('outbox-summary', {}, OWNER)).delivered).toBe(4);
    await engine.close();
    network.close();
  });

  it('marks a message the network rejects as failed, and a person can retry it', async () => {
    const engine = await testEngine();
    const network = new SandboxNetwork(':memory:', seededRandom(3));
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    // Lose the provisioning on purpose: the status change then refers to a card the network does not know.
    await engine.database.sqlite.prepare("UPDATE network_outbox SET status = 'delivered' WHERE kind = 'card.provision'").run();
    await engine.bus.send('card-update', { id: card.id, status: 'inactive' }, OWNER);
    expect(await deliverOutbox(engine.services, network)).toEqual({ delivered: 0, retried: 0, failed: 1 });
    const failed = (await engine.bus.send('outbox-list', { status: 'failed', limit: 10 }, OWNER)).data[0]!;
    expect(failed.last_error).toMatch(/card_unknown/);
    const retried = await engine.bus.send('outbox-retry', { id: failed.id }, OWNER);
    expect(retried.status).toBe('pending');
    await expect(engine.bus.send('outbox-retry', { id: 'obx_missing' }, OWNER)).rejects.toMatchObject({ type: 'not_found' });
    await engine.close();
    network.close();
  });
});
