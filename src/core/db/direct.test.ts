import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type OpenedDatabase } from './open-sqlite.js';
import { bindDirect, directFor } from './direct.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';

let opened: OpenedDatabase;
beforeEach(async () => {
  opened = await openSqliteDatabase({ path: ':memory:' });
});
afterEach(async () => {
  await opened.close();
});

const insertSetting = new PreparedInsert<{ key: string; value: string }>('settings', ['key', 'value']);
const settingByKey = new Prepared(1, (db, key: string) => db.selectFrom('settings').select(['key', 'value']).where('key', '=', key));

describe('direct execution of prepared queries', () => {
  it('is offered only inside a transaction bound to it', async () => {
    expect(directFor(opened.db)).toBeUndefined();
    await opened.db.transaction().execute(async (trx) => {
      expect(directFor(trx)).toBeUndefined();
      bindDirect(opened.db, trx);
      expect(directFor(trx)).toBeDefined();
    });
  });

  it('reads and writes the same rows as the query builder, and a rollback undoes its writes', async () => {
    await opened.db.transaction().execute(async (trx) => {
      bindDirect(opened.db, trx);
      await insertSetting.execute(trx, { key: 'a', value: '1' });
      expect(await settingByKey.execute(trx, 'a')).toEqual([{ key: 'a', value: '1' }]);
      expect(await trx.selectFrom('settings').select(['key', 'value']).where('key', '=', 'a').execute()).toEqual([{ key: 'a', value: '1' }]);
    });
    expect(await settingByKey.execute(opened.db, 'a')).toEqual([{ key: 'a', value: '1' }]);
    await expect(
      opened.db.transaction().execute(async (trx) => {
        bindDirect(opened.db, trx);
        await insertSetting.execute(trx, { key: 'b', value: '2' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await settingByKey.execute(opened.db, 'b')).toEqual([]);
  });

  it('the write stamp changes with every write, and not without one', async () => {
    const before = opened.writeStamp();
    expect(opened.writeStamp()).toBe(before);
    await settingByKey.execute(opened.db, 'a');
    expect(opened.writeStamp()).toBe(before);
    await insertSetting.execute(opened.db, { key: 'c', value: '3' });
    expect(opened.writeStamp()).not.toBe(before);
  });
});
