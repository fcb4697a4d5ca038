import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANAGER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, fullKycCardholder, loyaltyProgram } from '../testing/fixtures.js';
import { openKartu } from '../kartu.js';
import { SYSTEM_ACTOR } from '../bus/actor.js';
import { findPanLike } from './pan-scan.js';
import { attempt } from '../risk/testing/risk-harness.js';

const DAY = 86_400_000;
let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-01-05T03:00:00Z') });
});
afterEach(async () => engine.close());

async function item(id: string, e: TestEngine = engine) {
  const list = await e.bus.send('pci-checklist', {}, MANAGER);
  const found = list.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

describe('data retention', () => {
  it('does nothing until a period is set; only the owner sets it', async () => {
    expect(await engine.bus.send('retention-run', {}, OWNER)).toMatchObject({ policy_days: null, erased: [] });
    await expect(engine.bus.send('retention-policy-update', { erase_after_days: 90 }, MANAGER)).rejects.toMatchObject({ type: 'permission_error' });
    await expect(engine.bus.send('retention-policy-update', { erase_after_days: 7 }, OWNER)).rejects.toMatchObject({ param: 'erase_after_days' });
  });

  it('erases personal data of cardholders whose cards all closed long enough ago, audited, and keeps the rest', async () => {
    const program = await loyaltyProgram(engine);
    const gone = await fullKycCardholder(engine, 'Budi Hilang', 7);
    const goneCard = await engine.bus.send('card-create', { program: program.id, cardholder: gone.id, type: 'virtual' }, OWNER);
    await attempt(engine, goneCard.id, { amount: 2_500_000 });
    const recent = await basicCardholder(engine, 'Sari Baru', '+6281200000010');
    const recentCard = await engine.bus.send('card-create', { program: program.id, cardholder: recent.id, type: 'virtual' }, OWNER);
    const mixed = await basicCardholder(engine, 'Tono Campur', '+6281200000011');
    const mixedOld = await engine.bus.send('card-create', { program: program.id, cardholder: mixed.id, type: 'virtual' }, OWNER);
    await engine.bus.send('card-create', { program: program.id, cardholder: mixed.id, type: 'virtual' }, OWNER);
    const cardless = await basicCardholder(engine, 'Wati Tanpa', '+6281200000012');

    await engine.bus.send('card-update', { id: goneCard.id, status: 'canceled', cancellation_reason: 'closed_by_request' }, OWNER);
    await engine.bus.send('card-update', { id: mixedOld.id, status: 'canceled' }, OWNER);
    engine.clock.advance(100 * DAY);
    await engine.bus.send('card-update', { id: recentCard.id, status: 'canceled' }, OWNER);
    await engine.bus.send('retention-policy-update', { erase_after_days: 90 }, OWNER);

    const dry = await engine.bus.send('retention-run', { dry_run: true }, OWNER);
    expect(dry.eligible.map((e) => e.cardholder)).toEqual([gone.id]);
    expect((await engine.bus.send('cardholder-get', { id: gone.id }, OWNER)).name).toBe('Budi Hilang');

    const run = await engine.bus.send('retention-run', {}, OWNER);
    expect(run.erased).toEqual([gone.id]);
    const row = engine.database.sqlite.prepare('SELECT * FROM cardholders WHERE id = ?').get(gone.id) as Record<string, unknown>;
    expect(row).toMatchObject({ name: '[erased]', email: null, phone: null, birth_date: null, national_id: null, address: null, metadata: '{}' });
    // Nothing personal left in events either; the card row and its risk history stay.
    const events = JSON.stringify(engine.database.sqlite.prepare('SELECT data FROM events').all());
    expect(events).not.toContain('Budi Hilang');
    expect(events).not.toContain(gone.email!);
    expect(engine.database.sqlite.prepare('SELECT last4 FROM cards WHERE id = ?').get(goneCard.id)).toEqual({ last4: goneCard.last4 });
    expect(engine.database.sqlite.prepare('SELECT auth_count FROM risk_card_state WHERE card_id = ?').get(goneCard.id)).toEqual({ auth_count: 1 });
    // The others are untouched.
    for (const kept of [recent, mixed, cardless]) expect((await engine.bus.send('cardholder-get', { id: kept.id }, OWNER)).name).toBe(kept.name);

    const trail = await engine.bus.send('audit-list', { object_id: gone.id, limit: 5 }, OWNER);
    const erasure = trail.data.find((e) => e.action === 'retention-erase');
    expect(erasure?.detail).toMatchObject({ fields: expect.arrayContaining(['name', 'email', 'national_id', 'address']), cards: [goneCard.id], policy_days: 90 });
    expect(JSON.stringify(erasure)).not.toContain('Budi Hilang');
    expect((await engine.bus.send('audit-verify', {}, OWNER)).ok).toBe(true);

    // Idempotent: a second run finds no one.
    expect((await engine.bus.send('retention-run', {}, OWNER)).erased).toEqual([]);
    expect(await item('pci-3.2.1')).toMatchObject({ status: 'pass' });
  });
});

describe('PCI checklist', () => {
  async function someCards(e: TestEngine = engine) {
    const program = await loyaltyProgram(e);
    const holder = await basicCardholder(e);
    const card = await e.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    return { program, holder, card };
  }

  it('passes on a fresh installation with cards, and says why for each item', async () => {
    await someCards();
    const list = await engine.bus.send('pci-checklist', {}, MANAGER);
    const status = Object.fromEntries(list.items.map((i) => [i.id, i.status]));
    expect(status).toEqual({
      'pci-3.5.1': 'pass',
      'pci-3.3.1': 'pass',
      'pci-3.4': 'pass',
      'pci-3.4.1': 'pass',
      'pci-3.6.1': 'n/a',
      'pci-8.3.2': 'n/a',
      'pci-7.2.1': 'n/a',
      'pci-10.3.2': 'pass',
      'pci-3.2.1': 'fail',
      'pci-12.10.5': 'pass',
      'pci-4.2.1': 'n/a',
    });
    for (const i of list.items) expect(i.evidence.length).toBeGreaterThan(20);
    expect(list.summary).toEqual({ pass: 6, fail: 1, 'n/a': 4 });
  });

  it('fails when a card number is stored in plain text anywhere', async () => {
    const { card } = await someCards();
    const number = (await engine.bus.send('card-reveal', { id: card.id }, OWNER)).number;
    engine.database.sqlite.prepare('UPDATE cards SET metadata = ? WHERE id = ?').run(JSON.stringify({ note: `old number ${number}` }), card.id);
    const leak = await item('pci-3.4');
    expect(leak.status).toBe('fail');
    expect(leak.evidence).toContain('cards.metadata');
    expect(leak.evidence).not.toContain(number);
    engine.database.sqlite.prepare('UPDATE cards SET number_encrypted = ? WHERE id = ?').run(number, card.id);
    expect(await item('pci-3.5.1')).toMatchObject({ status: 'fail' });
  });

  it('fails on a broken audit chain and on an old unanswered high alert', async () => {
    const { card } = await someCards();
    engine.database.sqlite.prepare("UPDATE audit_log SET actor_id = 'someone' WHERE seq = 1").run();
    expect((await item('pci-10.3.2')).evidence).toContain('broken');
    await engine.bus.send('risk-policy-update', { program: card.program, thresholds: { flag: 20, review: 40 } }, OWNER);
    for (let i = 0; i < 3; i++) {
      await attempt(engine, card.id, { amount: 100_000 });
      engine.clock.advance(60_000);
    }
    expect(await item('pci-12.10.5')).toMatchObject({ status: 'pass' });
    engine.clock.advance(2 * DAY);
    expect(await item('pci-12.10.5')).toMatchObject({ status: 'fail' });
  });

  it('checks API keys are hashed and no plain secret is stored', async () => {
    const key = await engine.bus.send('key-create', { name: 'POS' }, OWNER);
    expect(await item('pci-8.3.2')).toMatchObject({ status: 'pass' });
    engine.database.sqlite.prepare('UPDATE api_keys SET name = ? WHERE id = ?').run(`POS ${key.secret}`, key.id);
    const failed = await item('pci-8.3.2');
    expect(failed).toMatchObject({ status: 'fail' });
    expect(failed.evidence).toContain('api_keys.name');
    expect(failed.evidence).not.toContain(key.secret);
  });

  it('checks roles in the live database', async () => {
    const live = await testEngine({ mode: 'live' });
    try {
      expect(await item('pci-7.2.1', live)).toMatchObject({ status: 'fail' });
      await live.bus.send('staff-create', { name: 'Ibu Owner', role: 'owner', pin: '482913' } as never, SYSTEM_ACTOR);
      await live.bus.send('staff-create', { name: 'Kasir', role: 'cashier', pin: '739154' } as never, SYSTEM_ACTOR);
      expect(await item('pci-7.2.1', live)).toMatchObject({ status: 'pass' });
    } finally {
      await live.close();
    }
  });

  it('checks the key file mode in a data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kartu-pci-'));
    const kartu = await openKartu({ dataDir: dir });
    try {
      const check = async () => (await kartu.sandbox.bus.send('pci-checklist', {}, MANAGER)).items.find((i) => i.id === 'pci-3.6.1');
      expect(await check()).toMatchObject({ status: 'pass' });
      chmodSync(join(dir, 'card-data.key'), 0o644);
      expect(await check()).toMatchObject({ status: 'fail' });
      chmodSync(join(dir, 'card-data.key'), 0o600);
    } finally {
      await kartu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('findPanLike', () => {
  it('finds card numbers with or without separators, not phones, hashes or short runs', () => {
    expect(findPanLike('card 4111 1111 1111 1111 and 5555-5555-5555-4444')).toEqual(['4111111111111111', '5555555555554444']);
    expect(findPanLike('{"number":"4111111111111111"}')).toEqual(['4111111111111111']);
    expect(findPanLike('+6281234567890 081234567890')).toEqual([]);
    expect(findPanLike('a4111111111111111f 4111111111111112 411111111111')).toEqual([]);
  });
});
