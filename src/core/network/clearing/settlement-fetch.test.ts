import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKartu, type Kartu } from '../../kartu.js';
import { manualClock } from '../../kernel/clock.js';
import { seededRandom } from '../../kernel/random.js';
import { CASHIER, MANAGER, TEST_KEY, tableCounts, testEngine } from '../../testing/test-engine.js';
import { prepaidCard, purchase } from '../../authorization/testing/auth-fixtures.js';
import { deliverNetworkQueues } from '../outbox/worker.js';
import type { Engine } from '../../engine.js';

/** Clearing received from the card network through the adapter (`clearingFile`), not from a file a person imports. */
const dir = mkdtempSync(join(tmpdir(), 'kartu-settlement-fetch-'));
const clock = manualClock(new Date('2026-03-02T03:00:00Z'));
let kartu: Kartu;
let engine: Engine;
let cardId: string;
beforeAll(async () => {
  kartu = await openKartu({ dataDir: dir, clock, random: seededRandom(8), cardDataKey: TEST_KEY });
  engine = kartu.sandbox;
  const { card } = await prepaidCard(engine, { topUp: 10_000_000 });
  cardId = card.id;
  await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
});
afterAll(async () => {
  await kartu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('settlement-fetch', () => {
  it('receives the day the network saw, captures each held purchase once, and a second fetch changes nothing', async () => {
    const bought = [await engine.bus.send('network-authorize', purchase(cardId, 12_000), CASHIER), await engine.bus.send('network-authorize', purchase(cardId, 8_000), CASHIER)];
    // Not seen by the network: an API purchase decided by Kartu alone.
    const unseen = await engine.bus.send('authorization-create', purchase(cardId, 5_000), CASHIER);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);

    const fetched = await engine.bus.send('settlement-fetch', { date: '2026-03-02' }, MANAGER);
    expect(fetched).toMatchObject({ object: 'settlement_import', network: 'sandbox', records: 2, matched: 2, captured: 2, exceptions: 0 });
    for (const a of bought) expect(await engine.bus.send('authorization-get', { id: a.id }, MANAGER)).toMatchObject({ status: 'closed', captured_amount: a.amount });
    expect((await engine.bus.send('authorization-get', { id: unseen.id }, MANAGER)).status).toBe('pending');

    const before = await tableCounts(engine);
    const again = await engine.bus.send('settlement-fetch', { date: '2026-03-02' }, MANAGER);
    expect(again).toMatchObject({ id: fetched.id, duplicate: true });
    expect(await tableCounts(engine)).toEqual(before);

    // Another day with nothing on it: an empty file, imported as such.
    expect(await engine.bus.send('settlement-fetch', { date: '2026-03-01' }, MANAGER)).toMatchObject({ records: 0, captured: 0 });
  });

  it('refuses clearly and writes nothing when the network is down, the date is wrong, or the caller may not', async () => {
    await engine.bus.send('network-authorize', purchase(cardId, 7_000), CASHIER);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    const before = await tableCounts(engine);
    kartu.sandboxNetwork.setConditions({ outage: true });
    try {
      await expect(engine.bus.send('settlement-fetch', { date: '2026-03-02' }, MANAGER)).rejects.toMatchObject({ code: 'network_unreachable', param: 'date' });
    } finally {
      kartu.sandboxNetwork.setConditions({ outage: false });
    }
    await expect(engine.bus.send('settlement-fetch', { date: '2026-02-30x' }, MANAGER)).rejects.toMatchObject({ code: 'parameter_invalid', param: 'date' });
    await expect(engine.bus.send('settlement-fetch', { date: '2026-13-45' }, MANAGER)).rejects.toMatchObject({ param: 'date' });
    await expect(engine.bus.send('settlement-fetch', { date: '2026-03-02', format: 'csv' } as never, MANAGER)).rejects.toMatchObject({ code: 'parameter_unknown', param: 'format' });
    await expect(engine.bus.send('settlement-fetch', { date: '2026-03-02' }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('live data with no network configured is refused by name', async () => {
    const live = await testEngine({ mode: 'live' });
    await expect(live.bus.send('settlement-fetch', { date: '2026-03-02' }, MANAGER)).rejects.toMatchObject({ code: 'network_not_configured' });
    await live.close();
  });
});
