import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu } from '../core/kartu.js';
import { OWNER } from '../core/testing/test-engine.js';
import { prepaidCard, purchase } from '../core/authorization/testing/auth-fixtures.js';
import { settlementFetchCli, settlementImportCli } from './settlement-import.js';
import { deliverNetworkQueues } from '../core/network/outbox/worker.js';
import { UsageError } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-settlement-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line), readStdin: async () => '' } };
}

const HEADER = 'record_id,type,authorization,rrn,card_last4,amount,currency,merchant_id,settled_at,interchange_fee';

describe('kartu settlement import', () => {
  it('posts the matched capture, lists the exception, and a second run of the same file changes nothing', async () => {
    const dataDir = join(dir, 'a');
    const kartu = await openKartu({ dataDir });
    const { card } = await prepaidCard(kartu.sandbox, { topUp: 100_000 });
    const auth = await kartu.sandbox.bus.send('authorization-create', purchase(card.id, 25_000), OWNER);
    await kartu.close();
    const file = join(dir, 'a.csv');
    writeFileSync(file, [
      HEADER,
      `ACQ-1,capture,${auth.id},,${card.last4},25000,IDR,M-1,2026-03-03T02:00:00Z,25`,
      `ACQ-2,capture,auth_nobody,,${card.last4},9000,IDR,M-1,2026-03-03T02:00:00Z,0`,
    ].join('\n'));

    const first = capture();
    expect(await settlementImportCli.run({ 'data-dir': dataDir, mode: 'test' }, [file], first.io)).toBe(0);
    expect(first.out[0]).toMatch(/2 records, 1 matched, 1 posted, 1 for a person to resolve/);
    expect(first.out[1]).toMatch(/ACQ-2 \(line 3\): unknown_authorization/);

    const again = capture();
    expect(await settlementImportCli.run({ 'data-dir': dataDir, mode: 'test' }, [file], again.io)).toBe(0);
    expect(again.out[0]).toMatch(/Already imported .* nothing changed/);

    const check = await openKartu({ dataDir });
    expect((await check.sandbox.bus.send('authorization-get', { id: auth.id }, OWNER)).status).toBe('closed');
    expect((await check.sandbox.bus.send('settlement-import-list', { limit: 10 }, OWNER)).data).toHaveLength(1);
    await check.close();
  });

  it('refuses a file with bad rows, naming each by line, and writes nothing', async () => {
    const dataDir = join(dir, 'b');
    const file = join(dir, 'b.csv');
    writeFileSync(file, [HEADER, 'ACQ-1,capture,auth_x,,4242,-5,IDR,M-1,2026-03-03T02:00:00Z,0', 'ACQ-2,payout,auth_y,,4242,100,IDR,M-1,yesterday,0'].join('\n'));
    const run = capture();
    expect(await settlementImportCli.run({ 'data-dir': dataDir, mode: 'test' }, [file], run.io)).toBe(2);
    expect(run.err[0]).toMatch(/was not imported; nothing was written/);
    expect(run.err.some((line) => line.includes('line 2'))).toBe(true);
    expect(run.err.some((line) => line.includes('line 3'))).toBe(true);
    const check = await openKartu({ dataDir });
    expect((await check.sandbox.bus.send('settlement-import-list', { limit: 10 }, OWNER)).data).toEqual([]);
    await check.close();
  });

  it('asks which books, and says when the file cannot be read', async () => {
    const run = capture();
    await expect(settlementImportCli.run({ 'data-dir': join(dir, 'c') }, [join(dir, 'a.csv')], run.io)).rejects.toBeInstanceOf(UsageError);
    expect(await settlementImportCli.run({ 'data-dir': join(dir, 'c'), mode: 'test' }, [join(dir, 'missing.csv')], run.io)).toBe(1);
    expect(run.err[0]).toMatch(/cannot read .*missing\.csv: ENOENT/);
  });
});

describe('kartu settlement fetch', () => {
  it("receives the day's records from the sandbox network, posts them, and a second fetch changes nothing", async () => {
    const dataDir = join(dir, 'f');
    const kartu = await openKartu({ dataDir });
    const { card } = await prepaidCard(kartu.sandbox, { topUp: 100_000 });
    await deliverNetworkQueues(kartu.sandbox.services, kartu.sandboxNetwork);
    const auth = await kartu.sandbox.bus.send('network-authorize', purchase(card.id, 25_000), OWNER);
    await deliverNetworkQueues(kartu.sandbox.services, kartu.sandboxNetwork);
    await kartu.close();
    const date = new Date(auth.created * 1000).toISOString().slice(0, 10);

    const first = capture();
    expect(await settlementFetchCli.run({ 'data-dir': dataDir, mode: 'test', date }, [], first.io)).toBe(0);
    expect(first.out[0]).toMatch(/1 records, 1 matched, 1 posted, 0 for a person to resolve/);
    const again = capture();
    expect(await settlementFetchCli.run({ 'data-dir': dataDir, mode: 'test', date }, [], again.io)).toBe(0);
    expect(again.out[0]).toMatch(/Already imported .* nothing changed/);
    const check = await openKartu({ dataDir });
    expect((await check.sandbox.bus.send('authorization-get', { id: auth.id }, OWNER)).status).toBe('closed');
    await check.close();
  });

  it('asks which books and which day', async () => {
    const run = capture();
    await expect(settlementFetchCli.run({ 'data-dir': join(dir, 'g'), date: '2026-03-02' }, [], run.io)).rejects.toBeInstanceOf(UsageError);
    await expect(settlementFetchCli.run({ 'data-dir': join(dir, 'g'), mode: 'test' }, [], run.io)).rejects.toBeInstanceOf(UsageError);
  });
});
