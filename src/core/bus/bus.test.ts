import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

describe('bus.batch', () => {
  it('commits the commands that succeed and rolls back only the one refused', async () => {
    const seen: string[] = [];
    engine.events.subscribe((event) => seen.push(event.type));
    const outcome = await engine.bus.batch(OWNER, async (send) => {
      const a = await send('program-create', { name: 'A', kind: 'loyalty', currency: 'IDR' });
      const refused = await send('program-create', { name: 'B', kind: 'loyalty', currency: 'IDR', caps: { daily: 1 }, default_spending_controls: { spending_limits: [{ amount: 5, interval: 'daily' }] } }).catch((e: unknown) => e);
      const c = await send('program-create', { name: 'C', kind: 'loyalty', currency: 'IDR' });
      return { a, refused, c };
    });
    expect(outcome.refused).toBeInstanceOf(KartuError);
    const names = (await engine.bus.send('program-list', { limit: 10 }, OWNER)).data.map((p) => p.name).sort();
    expect(names).toEqual(['A', 'C']);
    expect(seen).toEqual(['program.created', 'program.created']);
    const audit = await engine.bus.send('audit-list', { limit: 10 }, OWNER);
    expect(audit.data.map((e) => e.outcome)).toEqual(['ok', 'refused', 'ok']);
    expect((await engine.bus.send('audit-verify', {}, OWNER)).ok).toBe(true);
  });

  it('writes nothing when the batch itself throws', async () => {
    await expect(
      engine.bus.batch(OWNER, async (send) => {
        await send('program-create', { name: 'A', kind: 'loyalty', currency: 'IDR' });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect((await engine.bus.send('program-list', { limit: 10 }, OWNER)).data).toEqual([]);
  });
});

describe('bus.execute inTransaction', () => {
  it("writes the caller's record in the command's own transaction: one commit for both", async () => {
    const db = engine.services.db;
    const transactions = vi.spyOn(db, 'transaction');
    const program = (await engine.bus.execute('program-create', { name: 'A', kind: 'loyalty', currency: 'IDR' }, OWNER, {
      inTransaction: async (trx, output) => {
        await trx.insertInto('settings').values({ key: 'record', value: (output as { id: string }).id }).execute();
      },
    })) as { id: string };
    expect(transactions).toHaveBeenCalledTimes(1);
    expect((await db.selectFrom('settings').select('value').where('key', '=', 'record').executeTakeFirst())?.value).toBe(program.id);
  });

  it('rolls the command back when the record cannot be written, and publishes nothing', async () => {
    const seen: string[] = [];
    engine.events.subscribe((event) => seen.push(event.type));
    const before = await tableCounts(engine);
    await expect(
      engine.bus.execute('program-create', { name: 'A', kind: 'loyalty', currency: 'IDR' }, OWNER, {
        inTransaction: async () => {
          throw new Error('record refused');
        },
      }),
    ).rejects.toThrow('record refused');
    expect(await tableCounts(engine)).toEqual(before);
    expect(seen).toEqual([]);
  });
});
