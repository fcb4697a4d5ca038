import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKartu } from '../core/kartu.js';
import { CASHIER, OWNER } from '../core/testing/test-engine.js';
import { prepaidCard, purchase } from '../core/authorization/testing/auth-fixtures.js';
import { deliverNetworkQueues } from '../core/network/outbox/worker.js';
import { formatSettlementFile } from '../core/network/clearing/settlement-file.js';
import { main } from './kartu.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-network-cli-'));
const dataDir = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line), readStdin: async () => '' } };
}
async function kartu(...argv: string[]) {
  const run = capture();
  const code = await main([...argv, '--data-dir', dataDir], run.io);
  return { code, out: run.out.join('\n'), err: run.err.join('\n') };
}

let standInId: string;
let heldId: string;
beforeAll(async () => {
  // A stand-in purchase the network disagrees with (it knew the card was stolen), and a clearing
  // file whose one record is for another card.
  const k = await openKartu({ dataDir });
  try {
    const { card } = await prepaidCard(k.sandbox, { topUp: 1_000_000 });
    await deliverNetworkQueues(k.sandbox.services, k.sandboxNetwork);
    k.sandboxNetwork.setConditions({ outage: true });
    k.sandboxNetwork.blockCard(card.id, 'stolen');
    standInId = (await k.sandbox.bus.send('network-authorize', purchase(card.id, 30_000), CASHIER)).id;
    k.sandboxNetwork.setConditions({ outage: false });
    await deliverNetworkQueues(k.sandbox.services, k.sandboxNetwork);
    heldId = (await k.sandbox.bus.send('authorization-create', purchase(card.id, 20_000), OWNER)).id;
    const other = card.last4 === '0000' ? '0001' : '0000';
    const csv = formatSettlementFile([{ record_id: 'CLI-1', type: 'capture', authorization: heldId, rrn: null, card_last4: other, amount: 20_000, currency: 'IDR', merchant_id: 'M', settled_at: '2026-03-03T02:00:00Z', interchange_fee: 0 }]);
    await k.sandbox.bus.send('settlement-import', { content: csv }, OWNER);
  } finally {
    await k.close();
  }
});

describe('kartu network status / network resolve', () => {
  it('shows the open difference, resolves it once, and refuses a bad resolution by name', async () => {
    const status = await kartu('network', 'status', '--mode', 'test');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/Card changes for the network: 0 pending, 0 retrying, 0 failed, \d+ delivered\./);
    expect(status.out).toContain('0 pending, 0 retrying, 0 failed.');
    expect(status.out).toContain('Differences the network reported: 1 open.');
    expect(status.out).toContain(`network_declined on ${standInId} (30000 IDR): Kartu 00, network 43.`);
    expect(status.out).toContain('Settlement items to resolve: yes');
    const id = /(ndis_[0-9a-z]+)/.exec(status.out)![1]!;

    const bad = await kartu('network', 'resolve', id, '--mode', 'test', '--resolution', 'refund');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('(resolution)');
    const done = await kartu('network', 'resolve', id, '--mode', 'test', '--resolution', 'reverse_authorization', '--note', 'stolen at the network');
    expect(done).toMatchObject({ code: 0, out: `Resolved ${id} (${standInId}) as reverse_authorization.` });
    expect((await kartu('network', 'resolve', id, '--mode', 'test', '--resolution', 'keep')).err).toContain('already resolved');
    expect((await kartu('network', 'status', '--mode', 'test')).out).toContain('Differences the network reported: 0 open.');
    // Live books are their own: nothing there.
    expect((await kartu('network', 'status', '--mode', 'live')).out).toContain('Differences the network reported: 0 open.');

    const check = await openKartu({ dataDir });
    expect((await check.sandbox.bus.send('authorization-get', { id: standInId }, OWNER)).status).toBe('reversed');
    await check.close();
  });

  it('asks which books', async () => {
    const run = await kartu('network', 'status');
    expect(run.code).toBe(2);
    expect(run.err).toContain('--mode test|live is required');
  });
});

describe('kartu settlement items / settlement resolve', () => {
  it('lists the open item with its reason, captures it when a person confirms it, and lists every item with --all', async () => {
    const items = await kartu('settlement', 'items', '--mode', 'test');
    expect(items.code).toBe(0);
    expect(items.out).toContain(`CLI-1 (line 2): card_differs on ${heldId}, capture 20000 IDR`);
    expect(items.out).toContain('Resolve one with: kartu settlement resolve');
    const id = /(sitm_[0-9a-z]+)/.exec(items.out)![1]!;
    expect((await kartu('settlement', 'resolve', id, '--mode', 'test')).err).toContain('--resolution is required');
    const resolved = await kartu('settlement', 'resolve', id, '--mode', 'test', '--resolution', 'capture', '--note', 'acquirer confirmed the card');
    expect(resolved.code).toBe(0);
    expect(resolved.out).toMatch(new RegExp(`^Resolved ${id} \\(CLI-1\\) as capture: posted txn_`));
    expect((await kartu('settlement', 'items', '--mode', 'test')).out).toContain('Nothing to resolve');
    const all = await kartu('settlement', 'items', '--mode', 'test', '--all', '--json');
    expect(JSON.parse(all.out)).toMatchObject([{ id, status: 'resolved', resolution: 'capture', resolution_note: 'acquirer confirmed the card' }]);

    const check = await openKartu({ dataDir });
    expect((await check.sandbox.bus.send('authorization-get', { id: heldId }, OWNER))).toMatchObject({ status: 'closed', captured_amount: 20_000 });
    await check.close();
  });
});
