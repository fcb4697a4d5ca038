import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './open-sqlite.js';

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

function runAndKill(path: string, tag: string, minAcks: number, extraMs: number): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    // node with tsx as a loader, not an `npx tsx` wrapper that would take the SIGKILL itself.
    const proc = spawn(process.execPath, ['--import', 'tsx', child, path, tag], { cwd: join(here, '..', '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    const acks = new Set<string>();
    let buffer = '';
    let stderr = '';
    let armed = false;
    const timeout = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`child did not reach ${minAcks} answers in time: ${stderr.slice(-2000)}`));
    }, 60_000);
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ACK ')) acks.add(line.slice(4));
      if (!armed && acks.size >= minAcks) {
        armed = true;
        setTimeout(() => proc.kill('SIGKILL'), extraMs);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timeout);
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${signal ?? code}): ${stderr.slice(-2000)}`));
      else resolve(acks);
    });
  });
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
