import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepaidCard } from '../core/authorization/testing/auth-fixtures.js';
import { OWNER } from '../core/testing/test-engine.js';
import { startTestHost, type TestHost } from '../host/testing/host-fixture.js';
import { simulateTerminal } from './simulate-terminal.js';
import { UsageError } from './cli-io.js';

let host: TestHost;
let number: string;
let expiry: string;
beforeAll(async () => {
  host = await startTestHost({ isoPort: 0 });
  const { card } = await prepaidCard(host.kartu.sandbox, { topUp: 100_000_00 });
  const revealed = (await host.kartu.sandbox.bus.execute('card-reveal', { id: card.id }, OWNER)) as { number: string; exp_month: number; exp_year: number };
  number = revealed.number;
  expiry = `${String(revealed.exp_year).slice(2)}${String(revealed.exp_month).padStart(2, '0')}`;
});
afterAll(async () => {
  await host.stop();
});

function io() {
  const lines: string[] = [];
  return { lines, io: { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) } };
}

describe('kartu simulate-terminal', () => {
  it('sends purchases and their reversals as ISO 8583 and prints the answers', async () => {
    const { lines, io: out } = io();
    const code = await simulateTerminal.run({ port: String(host.isoPort), number, expiry, amount: '1500000', count: '2', reverse: true, 'merchant-id': 'MRC-CAFE-01' }, [], out as never);
    expect(code).toBe(0);
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => /^0100 -> 0110 .* 00 approved/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => /^0400 -> 0410 .* 00 approved/.test(l))).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(number);
    const held = (await host.kartu.sandbox.bus.execute('authorization-list', { limit: 10, approved: true }, OWNER)) as { data: Array<{ status: string }> };
    expect(held.data.map((a) => a.status)).toEqual(['reversed', 'reversed']);
  });

  it('refuses bad arguments with a usage error', async () => {
    const { io: out } = io();
    await expect(simulateTerminal.run({ number: '1234', expiry, amount: '100' }, [], out as never)).rejects.toBeInstanceOf(UsageError);
    await expect(simulateTerminal.run({ number, expiry: '2031-05', amount: '100' }, [], out as never)).rejects.toBeInstanceOf(UsageError);
    await expect(simulateTerminal.run({ number, expiry, amount: '-5' }, [], out as never)).rejects.toBeInstanceOf(UsageError);
    await expect(simulateTerminal.run({ number, expiry, amount: '5', currency: 'XYZ' }, [], out as never)).rejects.toBeInstanceOf(UsageError);
  });
});
