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
