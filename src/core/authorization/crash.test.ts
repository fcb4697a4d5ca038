import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngine } from '../testing/test-engine.js';
import { OWNER } from '../testing/test-engine.js';
import { runUntilKilled } from '../testing/kill-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'testing', 'crash-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'kartu-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has printed `minAcks` answers plus a random extra moment, then SIGKILLs it. */
/** What the child was answered for each decision: approved, and whether it was a sale (captured with it). */
type Ack = { approved: boolean; sale: boolean };

async function runAndKill(path: string, minAcks: number, extraMs: number): Promise<Map<string, Ack>> {
  const acks = new Map<string, Ack>();
  const onAck = (line: string): void => {
    const [, id, approved, sale] = line.split(' ');
    if (id) acks.set(id, { approved: approved === '1', sale: sale === '1' });
  };
  await runUntilKilled({ script: child, args: [path], onAck, minAcks, extraMs, timeoutMs: 90_000 });
  return acks;
}

async function verify(path: string, acks: Map<string, Ack>): Promise<void> {
  const engine = await testEngine({ path });
  try {
    const check = await engine.bus.send('ledger-check', {}, OWNER);
    expect(check.problems, check.problems.join('\n')).toEqual([]);
    expect(check.ok).toBe(true);
    const sqlite = engine.database.sqlite;
    const find = sqlite.prepare('SELECT approved, amount, captured_amount FROM authorizations WHERE id = ?');
    const holdOf = sqlite.prepare("SELECT COUNT(*) AS n FROM ledger_transfers WHERE authorization_id = ? AND kind = 'pending' AND code = 'purchase'");
    let sales = 0;
    for (const [id, { approved, sale }] of acks) {
      const row = find.get(id) as { approved: number; amount: number; captured_amount: number } | undefined;
      expect(row, `acknowledged ${id} must survive the crash`).toBeDefined();
      expect(row!.approved === 1).toBe(approved);
      if (approved) expect((holdOf.get(id) as { n: number }).n).toBeGreaterThanOrEqual(1);
      // An acknowledged sale was captured in the commit that decided it: never a hold left behind.
      if (approved && sale) {
        expect(row!.captured_amount, `acknowledged sale ${id} must be captured`).toBe(row!.amount);
        sales++;
      }
    }
    expect(sales).toBeGreaterThan(0);
  } finally {
    await engine.close();
  }
}

describe('crash safety (SIGKILL under load)', () => {
  it('after a kill, the ledger balances and every acknowledged decision is there', async () => {
    const path = join(dir, 'short.db');
    const acks = await runAndKill(path, 200, Math.floor(Math.random() * 300));
    expect(acks.size).toBeGreaterThanOrEqual(200);
    await verify(path, acks);
  }, 180_000);

  it.runIf(process.env.KARTU_LONG)('survives repeated kills at random moments on the same database', async () => {
    const path = join(dir, 'long.db');
    const all = new Map<string, Ack>();
    for (let round = 0; round < 8; round++) {
      const acks = await runAndKill(path, 100 + Math.floor(Math.random() * 400), Math.floor(Math.random() * 800));
      for (const [id, approved] of acks) all.set(id, approved);
      await verify(path, all);
    }
  }, 1_200_000);
});
