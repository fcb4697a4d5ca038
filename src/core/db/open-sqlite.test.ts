import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu, DataDirError } from '../kartu.js';
import { DatabaseOpenError, openSqliteDatabase } from './open-sqlite.js';

const root = mkdtempSync(join(tmpdir(), 'kartu-open-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('opening a data directory', () => {
  it('creates two separate databases, sandbox and live, that never mix', async () => {
    const dir = join(root, 'two');
    const kartu = await openKartu({ dataDir: dir });
    const actor = { type: 'system', id: 'test' } as const;
    await kartu.sandbox.bus.send('program-create', { name: 'Sandbox only', kind: 'loyalty', currency: 'IDR' }, actor);
    expect((await kartu.live.bus.send('program-list', { limit: 10 }, actor)).data).toEqual([]);
    expect((await kartu.sandbox.bus.send('program-list', { limit: 10 }, actor)).data[0]?.livemode).toBe(false);
    await kartu.close();
  });

  it('refuses a database written by a newer version, naming the path, changing nothing', async () => {
    const dir = join(root, 'newer');
    await (await openKartu({ dataDir: dir })).close();
    const path = join(dir, 'sandbox.db');
    const raw = new BetterSqlite3(path);
    raw.prepare('INSERT INTO kartu_migrations (name, applied_at) VALUES (?, ?)').run('2099-01-01-01-future', 'x');
    raw.close();
    const before = readFileSync(path);
    await expect(openSqliteDatabase({ path })).rejects.toThrow(/newer version of Kartu.*Nothing was changed/);
    await expect(openSqliteDatabase({ path })).rejects.toBeInstanceOf(DatabaseOpenError);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a corrupt database file without overwriting it', async () => {
    const dir = join(root, 'corrupt');
    mkdirSync(dir);
    const path = join(dir, 'sandbox.db');
    writeFileSync(path, 'this is not a database, it is a shopping list');
    await expect(openKartu({ dataDir: dir })).rejects.toThrow(new RegExp(`${path}.*not a Kartu database`));
    expect(readFileSync(path, 'utf8')).toBe('this is not a database, it is a shopping list');
  });

  it('refuses an unreadable data directory with a clear message', async () => {
    const dir = join(root, 'locked');
    mkdirSync(dir);
    chmodSync(dir, 0o000);
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      // root reads everything; a file in place of the folder is the failure root still meets.
      const file = join(root, 'a-file');
      writeFileSync(file, 'x');
      await expect(openKartu({ dataDir: file })).rejects.toBeInstanceOf(DataDirError);
    } else {
      await expect(openKartu({ dataDir: dir })).rejects.toThrow(/Cannot read and write/);
    }
    chmodSync(dir, 0o700);
  });

  it('migrates an empty database in one go and opens it again without changes', async () => {
    const path = join(root, 'fresh.db');
    const first = await openSqliteDatabase({ path });
    const names = (await first.db.selectFrom('kartu_migrations').select('name').execute()).map((r) => r.name);
    expect(names.length).toBeGreaterThan(0);
    await first.close();
    const again = await openSqliteDatabase({ path });
    expect((await again.db.selectFrom('kartu_migrations').select('name').execute()).map((r) => r.name)).toEqual(names);
    expect(again.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    await again.close();
  });
});
