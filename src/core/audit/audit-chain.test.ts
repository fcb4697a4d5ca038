import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, MANAGER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { fullKycCardholder, loyaltyProgram } from '../testing/fixtures.js';

/**
 * The audit chain must notice tampering done to the database FILE, outside Kartu: an edited row,
 * a deleted row (first, middle, last, all), a reordered pair. Each test writes a real log through
 * the bus, closes the engine, tampers with better-sqlite3 directly, reopens and verifies.
 */
let dir: string;
let path: string;

async function writeLog(entries = 5): Promise<number> {
  const engine = await testEngine({ path });
  for (let i = 0; i < entries; i++) await engine.bus.send('program-create', { name: `P${i}`, kind: 'loyalty', currency: 'IDR' }, OWNER);
  const verified = await engine.bus.send('audit-verify', {}, OWNER);
  await engine.close();
  expect(verified.ok).toBe(true);
  return verified.entries;
}

function tamper(statements: string[]): void {
  const sqlite = new BetterSqlite3(path);
  for (const statement of statements) sqlite.exec(statement);
  sqlite.close();
}

async function verifyFile() {
  const engine = await testEngine({ path });
  try {
    return await engine.bus.send('audit-verify', {}, OWNER);
  } finally {
    await engine.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kartu-audit-'));
  path = join(dir, 'sandbox.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('audit chain on a database file', () => {
  it('verifies an untouched log, also after reopening and appending', async () => {
    await writeLog(3);
    const engine = await testEngine({ path, seed: 99, start: new Date('2026-03-03T03:00:00Z') });
    await engine.bus.send('program-create', { name: 'Later', kind: 'loyalty', currency: 'IDR' }, OWNER);
    expect(await engine.bus.send('audit-verify', {}, MANAGER)).toMatchObject({ ok: true, entries: 4, problem: null });
    await engine.close();
  });

  it('detects an edited entry', async () => {
    await writeLog();
    tamper([`UPDATE audit_log SET detail = replace(detail, 'P2', 'PX') WHERE seq = 3`]);
    expect(await verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 3, problem: 'entry 3 was changed after it was written' });
  });

  it('detects an edited actor even when the detail is untouched', async () => {
    await writeLog();
    tamper([`UPDATE audit_log SET actor_id = 'staff_someone_else' WHERE seq = 1`]);
    expect((await verifyFile()).ok).toBe(false);
  });

  it('detects a deleted entry in the middle', async () => {
    await writeLog();
    tamper(['DELETE FROM audit_log WHERE seq = 2']);
    expect(await verifyFile()).toMatchObject({ ok: false, problem: 'entry 2 is missing' });
  });

  it('detects a deleted first entry', async () => {
    await writeLog();
    tamper(['DELETE FROM audit_log WHERE seq = 1']);
    expect(await verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('detects the LAST entry deleted', async () => {
    await writeLog(5);
    tamper(['DELETE FROM audit_log WHERE seq = 5']);
    const result = await verifyFile();
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: 5 });
    expect(result.problem).toContain('entry 5 is missing');
  });

  it('detects the last entries deleted even after Kartu appended new ones', async () => {
    await writeLog(5);
    tamper(['DELETE FROM audit_log WHERE seq >= 4']);
    const engine = await testEngine({ path, seed: 99, start: new Date('2026-03-03T03:00:00Z') });
    await engine.bus.send('program-create', { name: 'After', kind: 'loyalty', currency: 'IDR' }, OWNER);
    const result = await engine.bus.send('audit-verify', {}, OWNER);
    await engine.close();
    expect(result).toMatchObject({ ok: false, problem: 'entry 4 is missing' });
  });

  it('detects every entry deleted', async () => {
    await writeLog(3);
    tamper(['DELETE FROM audit_log']);
    expect(await verifyFile()).toMatchObject({ ok: false, entries: 0, problem: 'entries 1 to 3 are missing: the log was cut short at its end' });
  });

  it('detects the anchor deleted', async () => {
    await writeLog(3);
    tamper(['DELETE FROM audit_anchor']);
    expect((await verifyFile()).problem).toContain('anchor');
  });

  it('detects two entries swapped (reordered)', async () => {
    await writeLog(5);
    tamper([
      'UPDATE audit_log SET seq = -2 WHERE seq = 2',
      'UPDATE audit_log SET seq = 2 WHERE seq = 3',
      'UPDATE audit_log SET seq = 3 WHERE seq = -2',
    ]);
    expect(await verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('detects a swap of the contents of two rows', async () => {
    await writeLog(4);
    const sqlite = new BetterSqlite3(path);
    const cols = ['id', 'at', 'actor_type', 'actor_id', 'action', 'object_id', 'outcome', 'detail', 'prev_hash', 'hash'];
    const a = sqlite.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Record<string, unknown>;
    const b = sqlite.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Record<string, unknown>;
    const set = sqlite.prepare(`UPDATE audit_log SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`);
    sqlite.transaction(() => {
      set.run({ ...b, id: 'tmp', seq: 2 });
      set.run({ ...a, seq: 3 });
      sqlite.prepare('UPDATE audit_log SET id = ? WHERE seq = 2').run(b.id);
    })();
    sqlite.close();
    expect((await verifyFile()).ok).toBe(false);
  });
});

describe('KYC status in the trail', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await testEngine();
  });
  afterEach(async () => engine.close());

  it('records the initial status and each change, with the fields behind it but not their values', async () => {
    await loyaltyProgram(engine);
    const holder = await fullKycCardholder(engine);
    await engine.bus.send('cardholder-verify', { id: holder.id, decision: 'rejected', reason: 'photo does not match' }, MANAGER);
    const trail = await engine.bus.send('audit-list', { object_id: holder.id, limit: 20 }, OWNER);
    const kyc = trail.data.filter((e) => e.action.startsWith('kyc-'));
    expect(kyc.map((e) => e.action)).toEqual(['kyc-status-change', 'kyc-status-set']);
    const change = kyc[0]!.detail as { from: string; to: string; reason: string; fields_present: string[] };
    expect(change).toMatchObject({ from: holder.verification.status, to: 'rejected', reason: 'photo does not match' });
    expect(change.fields_present).toEqual(expect.arrayContaining(['name', 'national_id', 'birth_date', 'address']));
    expect(JSON.stringify(kyc)).not.toContain('Budi');
    expect((await engine.bus.send('audit-verify', {}, OWNER)).ok).toBe(true);
  });
});
