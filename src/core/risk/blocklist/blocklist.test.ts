import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../../kernel/errors.js';
import { CASHIER, MANAGER, OWNER, tableCounts, testEngine, type TestEngine } from '../../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../../testing/fixtures.js';
import { attempt, JAKARTA_BRANCH } from '../testing/risk-harness.js';
import { parseCsv } from './blocklist-parse.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => engine.close());

const base = { name: 'Bank alert 2026-03', source: 'Bank Contoh CERT', source_date: '2026-03-01', format: 'csv' as const };
const GOOD_CSV = [
  'kind,value,note',
  'card,4111 1111 1111 1111,skimmed at ATM',
  'card,5555-5555-5555-4444,',
  'merchant,MRC-BAD-01,',
  'mcc,7995,gambling',
  'country,kp,',
  'email_domain,@Tempmail.example,',
  'phone,0812 3456 7890,',
  '# a comment line',
  '',
  'card,4111111111111111,duplicate of line 2',
].join('\n');

async function refusal(promise: Promise<unknown>): Promise<KartuError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KartuError);
  return error as KartuError;
}

describe('blocklist-import', () => {
  it('previews a good file: counts by kind, duplicates, nothing written', async () => {
    const before = await tableCounts(engine);
    const report = await engine.bus.send('blocklist-import', { ...base, content: GOOD_CSV, preview: true }, MANAGER);
    expect(report).toMatchObject({ preview: true, written: false, list: { id: null, policy: 'flag' } });
    expect(report.counts).toEqual({ rows: 8, valid: 7, bad: 0, duplicates: 1, already_listed: 0, by_kind: { card: 2, merchant: 1, mcc: 1, country: 1, email_domain: 1, phone: 1 } });
    expect(report.bad_rows).toEqual([]);
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('imports a good file, storing card numbers only as fingerprints', async () => {
    const report = await engine.bus.send('blocklist-import', { ...base, content: GOOD_CSV, policy: 'decline', preview: false }, MANAGER);
    expect(report.written).toBe(true);
    expect(report.list.id).toMatch(/^bl_/);
    const dump = JSON.stringify(engine.database.sqlite.prepare('SELECT * FROM blocklist_entries').all());
    expect(dump).not.toContain('4111111111111111');
    expect(dump).not.toContain('5555555555554444');
    expect(dump).toContain(engine.services.vault.fingerprint('4111111111111111'));
    expect(dump).toContain('411111••••1111');
    expect(dump).toContain('+6281234567890');
    expect(dump).toContain('tempmail.example');
    // Nowhere else either: not in the audit log, not in events.
    const everything = JSON.stringify([
      engine.database.sqlite.prepare('SELECT * FROM audit_log').all(),
      engine.database.sqlite.prepare('SELECT * FROM events').all(),
    ]);
    expect(everything).not.toMatch(/4111\s?1111\s?1111\s?1111/);
    const audit = await engine.bus.send('audit-list', { limit: 5 }, OWNER);
    expect(audit.data[0]).toMatchObject({ action: 'blocklist-import', object_id: report.list.id });
    const lists = await engine.bus.send('blocklist-list', { limit: 10 }, MANAGER);
    expect(lists.data[0]).toMatchObject({ name: base.name, policy: 'decline', entries: 7, by_kind: { card: 2 } });
  });

  it('reports every bad row by line, masks numbers, and refuses the whole file', async () => {
    const bad = [
      'kind,value',
      'card,4111111111111112', // line 2: Luhn fails
      'mcc,58x4', // line 3
      'planet,Mars', // line 4
      'merchant,OK-MERCHANT', // line 5: fine
      'country,Indonesia', // line 6
    ].join('\n');
    const preview = await engine.bus.send('blocklist-import', { ...base, content: bad, preview: true }, MANAGER);
    expect(preview.counts).toMatchObject({ rows: 5, valid: 1, bad: 4 });
    expect(preview.bad_rows.map((r) => r.line)).toEqual([2, 3, 4, 6]);
    expect(preview.bad_rows[0]).toMatchObject({ value: '••••1112' });
    expect(preview.bad_rows[0]!.error).toContain('Luhn');
    expect(preview.bad_rows[2]!.error).toContain('unknown kind "planet"');
    expect(JSON.stringify(preview)).not.toContain('4111111111111112');

    const before = await tableCounts(engine);
    const error = await refusal(engine.bus.send('blocklist-import', { ...base, content: bad, preview: false }, MANAGER));
    expect(error).toMatchObject({ code: 'blocklist_rows_invalid', param: 'content' });
    expect(error.message).toContain('4 of 5 rows are not valid, so nothing was imported. First: line 2');
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('a mixed file (one bad row among many good) writes nothing', async () => {
    const lines = ['kind,value'];
    for (let i = 0; i < 200; i++) lines.push(`merchant,M-${i}`);
    lines.push('mcc,12345');
    const before = await tableCounts(engine);
    const error = await refusal(engine.bus.send('blocklist-import', { ...base, content: lines.join('\n'), preview: false }, MANAGER));
    expect(error.details).toMatchObject({ bad_rows: [{ line: 202 }], counts: { valid: 200, bad: 1 } });
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('reads JSON: objects, or strings with the kind named for the import', async () => {
    const objects = JSON.stringify({ entries: [{ kind: 'merchant', value: 'M1' }, { type: 'country', value: 'RU', note: 'x' }, { kind: 'mcc' }, 42] });
    const preview = await engine.bus.send('blocklist-import', { ...base, format: 'json', content: objects, preview: true }, MANAGER);
    expect(preview.numbered_by).toBe('item');
    expect(preview.counts).toMatchObject({ valid: 2, bad: 2 });
    expect(preview.bad_rows.map((r) => r.line)).toEqual([3, 4]);

    const strings = JSON.stringify(['4111111111111111', '5555555555554444']);
    const report = await engine.bus.send('blocklist-import', { ...base, format: 'json', kind: 'card', content: strings, preview: false }, MANAGER);
    expect(report.counts.by_kind).toEqual({ card: 2 });

    const error = await refusal(engine.bus.send('blocklist-import', { ...base, format: 'json', content: '{not json', preview: true }, MANAGER));
    expect(error).toMatchObject({ code: 'blocklist_unreadable', param: 'content' });
  });

  it('a one-column file named by its header, or by the import', async () => {
    const report = await engine.bus.send('blocklist-import', { ...base, content: 'card_number\n4111111111111111\n5555555555554444\n', preview: true }, MANAGER);
    expect(report.counts).toMatchObject({ valid: 2, by_kind: { card: 2 } });
    const noKind = await engine.bus.send('blocklist-import', { ...base, content: 'RU\nKP\n', preview: true }, MANAGER);
    expect(noKind.bad_rows[0]!.error).toContain('no kind');
    const named = await engine.bus.send('blocklist-import', { ...base, kind: 'country', content: 'RU\nKP\n', preview: true }, MANAGER);
    expect(named.counts.by_kind).toEqual({ country: 2 });
  });

  it('adds to an existing list, skipping what is already listed', async () => {
    const first = await engine.bus.send('blocklist-import', { ...base, content: 'kind,value\nmerchant,A\nmerchant,B', preview: false }, MANAGER);
    const second = await engine.bus.send('blocklist-import', { list: first.list.id!, format: 'csv', content: 'kind,value\nmerchant,B\nmerchant,C', preview: false }, MANAGER);
    expect(second.counts).toMatchObject({ valid: 2, already_listed: 1, by_kind: { merchant: 1 } });
    const entries = await engine.bus.send('blocklist-entry-list', { list: first.list.id!, limit: 10 }, MANAGER);
    expect(entries.data.map((e) => e.label).sort()).toEqual(['A', 'B', 'C']);
  });

  it('needs name, source and date for a new list, and refuses a cashier', async () => {
    const error = await refusal(engine.bus.send('blocklist-import', { format: 'csv', content: 'kind,value\nmcc,7995', source: 's', source_date: '2026-01-01', preview: true }, MANAGER));
    expect(error).toMatchObject({ code: 'parameter_missing', param: 'name' });
    await expect(engine.bus.send('blocklist-import', { ...base, content: 'kind,value\nmcc,7995', preview: true }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    await expect(engine.bus.send('blocklist-import', { ...base, source_date: '2026-02-30', content: 'x', preview: true }, MANAGER)).rejects.toMatchObject({ param: 'source_date' });
  });

  it('keeps file line numbers across quoted line breaks', () => {
    const parsed = parseCsv('kind,value,note\nmerchant,A,"two\nlines"\nmcc,99\n');
    expect(parsed.rows.map((r) => [r.line, r.value])).toEqual([[2, 'A'], [4, '99']]);
  });
});

describe('block lists in scoring', () => {
  let card: string;
  beforeEach(async () => {
    const program = await loyaltyProgram(engine);
    const holder = await engine.bus.send('cardholder-create', { name: 'Rina', phone: '+6281299990000', email: 'rina@tempmail.example' }, OWNER);
    card = (await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER)).id;
    void basicCardholder;
  });

  async function listOf(content: string, policy: 'decline' | 'flag') {
    return engine.bus.send('blocklist-import', { ...base, name: `${policy} list`, content, policy, preview: false }, MANAGER);
  }

  it('declines a card whose number is on a declining list, and raises an alert', async () => {
    const details = await engine.bus.send('card-reveal', { id: card }, OWNER);
    const report = await listOf(`kind,value\ncard,${details.number}`, 'decline');
    expect(report.matches.cards).toBe(1);
    const { assessment, alertId } = await attempt(engine, card, { amount: 2_500_000 });
    expect(assessment.action).toBe('decline');
    expect(assessment.blockListHit).toMatchObject({ kind: 'card', policy: 'decline', list: report.list.id });
    expect(assessment.reason).toContain('is on block list');
    const alert = await engine.bus.send('alert-get', { id: alertId! }, MANAGER);
    expect(alert).toMatchObject({ kind: 'block_list_hit', severity: 'high', action: 'decline', card });
    expect(JSON.stringify(alert)).not.toContain(details.number);
  });

  it('flags by merchant, MCC, country, e-mail domain and phone per the list policy', async () => {
    await listOf('kind,value\nemail_domain,tempmail.example', 'flag');
    const flagged = await attempt(engine, card, { amount: 2_500_000 });
    expect(flagged.assessment).toMatchObject({ action: 'flag', blockListHit: { kind: 'email_domain' } });
    await listOf(`kind,value\nmerchant,${JAKARTA_BRANCH.id}`, 'decline');
    engine.clock.advance(3_600_000);
    expect((await attempt(engine, card, { amount: 2_500_000 })).assessment).toMatchObject({ action: 'decline', blockListHit: { kind: 'merchant' } });
  });

  it('an archived list or a removed entry no longer matches', async () => {
    const report = await listOf('kind,value\nphone,+6281299990000\nmcc,5814', 'decline');
    expect((await attempt(engine, card, { amount: 2_500_000 })).assessment.action).toBe('decline');
    const entries = await engine.bus.send('blocklist-entry-list', { list: report.list.id!, limit: 10 }, MANAGER);
    for (const entry of entries.data) await engine.bus.send('blocklist-entry-remove', { id: entry.id, reason: 'resolved' }, MANAGER);
    engine.clock.advance(3_600_000);
    expect((await attempt(engine, card, { amount: 2_500_000 })).assessment.blockListHit).toBeUndefined();
    await expect(engine.bus.send('blocklist-entry-remove', { id: entries.data[0]!.id }, MANAGER)).rejects.toMatchObject({ code: 'already_removed' });

    const other = await listOf('kind,value\ncountry,ID', 'decline');
    await engine.bus.send('blocklist-update', { id: other.list.id!, status: 'archived' }, MANAGER);
    engine.clock.advance(3_600_000);
    expect((await attempt(engine, card, { amount: 2_500_000 })).assessment.blockListHit).toBeUndefined();
  });
});
