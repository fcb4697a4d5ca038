import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testEngine, type TestEngine } from '../../core/testing/test-engine.js';
import { GroupCommit } from './group-commit.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

const put = (key: string) => (trx: TestEngine['services']['db']) => trx.insertInto('settings').values({ key, value: key }).execute().then(() => key);

describe('GroupCommit', () => {
  it('commits the writes that arrive together in one transaction, each resolving after it', async () => {
    const group = new GroupCommit(engine.services.db);
    const transactions = vi.spyOn(engine.services.db, 'transaction');
    const keys = await Promise.all(Array.from({ length: 50 }, (_, i) => group.run(put(`k${i}`))));
    expect(keys).toHaveLength(50);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect((await engine.services.db.selectFrom('settings').select('key').where('key', 'like', 'k%').execute()).length).toBe(50);
  });

  it('fails a failing write alone; the others commit', async () => {
    const group = new GroupCommit(engine.services.db);
    const outcomes = await Promise.allSettled([group.run(put('a')), group.run(put('a')), group.run(put('b'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await engine.services.db.selectFrom('settings').select('key').where('key', 'in', ['a', 'b']).execute()).length).toBe(2);
  });
});

/** Commits synced off the thread whose "durable" waits, after the real sync, until the test opens its gate. */
function heldSyncs(): { gates: Array<() => void>; syncedLater: ConstructorParameters<typeof GroupCommit>[1] } {
  const gates: Array<() => void> = [];
  const syncedLater: ConstructorParameters<typeof GroupCommit>[1] = async (work) => {
    const { value, durable } = await engine.database.transactionSyncedLater(work);
    return { value, durable: durable.then(() => new Promise<void>((resolve) => gates.push(resolve))) };
  };
  return { gates, syncedLater };
}

describe('GroupCommit with commits synced off the thread', () => {
  it('resolves a batch only once its commit is durable, and writes the next batch meanwhile', async () => {
    const { gates, syncedLater } = heldSyncs();
    const group = new GroupCommit(engine.services.db, syncedLater);
    let firstDone = false;
    const first = Promise.all([group.run(put('s1')), group.run(put('s2'))]).then(() => (firstDone = true));
    while (gates.length < 1) await new Promise((resolve) => setImmediate(resolve));
    expect(firstDone).toBe(false);
    const second = Promise.all([group.run(put('s3')), group.run(put('s4'))]);
    while (gates.length < 2) await new Promise((resolve) => setImmediate(resolve));
    // Both batches are in the database; neither was answered.
    expect((await engine.services.db.selectFrom('settings').select('key').where('key', 'like', 's%').execute()).length).toBe(4);
    expect(firstDone).toBe(false);
    gates[0]!();
    await first;
    gates[1]!();
    expect(await second).toEqual(['s3', 's4']);
  });

  it('sends a write that comes alone the same way: resolved only once durable', async () => {
    const { gates, syncedLater } = heldSyncs();
    const group = new GroupCommit(engine.services.db, syncedLater);
    let done = false;
    const alone = group.run(put('single')).then((key) => ((done = true), key));
    while (gates.length < 1) await new Promise((resolve) => setImmediate(resolve));
    expect((await engine.services.db.selectFrom('settings').select('key').where('key', '=', 'single').execute()).length).toBe(1);
    expect(done).toBe(false);
    gates[0]!();
    expect(await alone).toBe('single');
  });

  it('rejects every write of a batch whose commit the disk did not confirm', async () => {
    const syncedLater: ConstructorParameters<typeof GroupCommit>[1] = async (work) => {
      const { value } = await engine.database.transactionSyncedLater(work);
      return { value, durable: Promise.reject(new Error('EIO')) };
    };
    const group = new GroupCommit(engine.services.db, syncedLater);
    const outcomes = await Promise.allSettled([group.run(put('e1')), group.run(put('e2'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });
});
