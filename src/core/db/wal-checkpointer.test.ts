import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './open-sqlite.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kartu-wal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** About 4 MB of settings rows, in separate commits (as decisions arrive). */
async function write(opened: Awaited<ReturnType<typeof openSqliteDatabase>>, tag: string): Promise<void> {
  const value = 'x'.repeat(4_000);
  for (let batch = 0; batch < 10; batch++) {
    await opened.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 100; i++) await trx.insertInto('settings').values({ key: `${tag}-${batch}-${i}`, value }).execute();
    });
  }
}

async function until(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database file from another thread; commits never do it themselves', async () => {
    const path = join(dir, 'a.db');
    const opened = await openSqliteDatabase({ path, backgroundCheckpoints: true });
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    await write(opened, 'a');
    // Pages reach the main file only through the worker's checkpoints.
    expect(await until(() => statSync(path).size > before + 3_000_000)).toBe(true);
    await opened.close();
    const again = await openSqliteDatabase({ path });
    expect((await again.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', 'a-%').executeTakeFirstOrThrow()).n).toBe(1_000);
    await again.close();
  });

  it('without it, the main connection keeps SQLite default automatic checkpoints', async () => {
    const opened = await openSqliteDatabase({ path: join(dir, 'b.db') });
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await opened.close();
  });
});
