import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './open-sqlite.js';
import { runUntilKilled } from '../testing/kill-child.js';

/**
 * Killing the process at any moment of the log's life (pauses, restarts, the file cut back by
 * journal_size_limit) loses no acknowledged write and leaves a sound database. SIGKILL keeps what
 * the OS already has, so this proves SQLite's and our ordering (frames copied and synced before
 * the log starts over; answers only after the WAL fsync), not the disk's behaviour on power loss.
 */
const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'wal-crash-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'kartu-wal-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LONG = process.env.KARTU_LONG !== undefined && process.env.KARTU_LONG !== '' && process.env.KARTU_LONG !== '0';

async function runAndKill(path: string, tag: string, minAcks: number, extraMs: number): Promise<Set<string>> {
  const acks = new Set<string>();
  await runUntilKilled({ script: child, args: [path, tag], onAck: (line) => acks.add(line.slice(4)), minAcks, extraMs, timeoutMs: 60_000 });
  return acks;
}

describe('WAL restarts and crashes', () => {
  it('after kills at random moments, every acknowledged row is there and the database is sound', async () => {
    const path = join(dir, 'crash.db');
    const rounds = LONG ? 8 : 2;
    for (let round = 0; round < rounds; round++) {
      // 2,000 rows are ~6 MB through a log that starts over every 256 KB.
      const acks = await runAndKill(path, `r${round}`, 2_000, Math.floor(Math.random() * 400));
      // The log did start over while the child ran (it would hold every row otherwise).
      expect(statSync(`${path}-wal`).size).toBeLessThan(4 * 1024 * 1024);
      const opened = await openSqliteDatabase({ path });
      try {
        expect(opened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        const present = new Set(opened.sqlite.prepare('SELECT key FROM settings WHERE key LIKE ?').pluck().all(`r${round}-%`) as string[]);
        const lost = [...acks].filter((key) => !present.has(key));
        expect(lost, `acknowledged rows lost in round ${round}`).toEqual([]);
      } finally {
        await opened.close();
      }
    }
  }, 240_000);
});
