import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_ERROR_CODES, HOST_ERROR_CODES } from '../../core/kernel/error-codes.js';
import { errorText, fieldText, MESSAGE_VALUES } from '../ui/error-text.js';
import { en } from './en.js';
import { id } from './id.js';
import { translators } from './testing/translators.js';

const ALL_CODES = [...ENGINE_ERROR_CODES, ...HOST_ERROR_CODES];
const placeholders = (text: string): string[] => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]!).sort();

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const at = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], tree);

describe('error texts', () => {
  it('say every code of the engine catalogue in both languages, none empty, none left in English in the Indonesian UI', () => {
    const codes = en.errors.codes as Record<string, string>;
    const codesId = id.errors.codes as Record<string, string>;
    const missing = ALL_CODES.filter((c) => !codes[c]?.trim() || !codesId[c]?.trim());
    expect(missing).toEqual([]);
    // The translations have no entry the catalogue lacks (a code renamed in the engine leaves no dead sentence).
    expect(Object.keys(codes).sort()).toEqual([...ALL_CODES].sort());
    const untranslated = ALL_CODES.filter((c) => codesId[c] === codes[c] || codesId[c]!.includes('{{message}}'));
    expect(untranslated).toEqual([]);
  });

  it('use only the values error-text.ts fills, and the same ones in both languages for the detailed sentences', () => {
    for (const code of ALL_CODES) {
      for (const text of [en.errors.codes[code], id.errors.codes[code]]) {
        expect(placeholders(text).every((p) => p === 'field' || p === 'message'), `${code}: ${text}`).toBe(true);
      }
    }
    for (const code of Object.keys(en.errors.detailed) as (keyof typeof en.errors.detailed)[]) {
      expect(placeholders(id.errors.detailed[code]), code).toEqual(placeholders(en.errors.detailed[code]));
    }
  });

  it('every text of the app has the same {{values}} in Indonesian as in English', () => {
    const differing = keys(en)
      .filter((key) => typeof at(en, key) === 'string')
      .filter((key) => key !== 'errors.codes.parameter_invalid') // English shows the schema's own rule ({{message}}); Indonesian names the field
      .filter((key) => JSON.stringify(placeholders(at(en, key) as string)) !== JSON.stringify(placeholders(String(at(id, key)))));
    expect(differing).toEqual([]);
  });
});

describe('errorText', () => {
  let tId: TFunction;
  let tEn: TFunction;
  beforeAll(async () => {
    ({ tId, tEn } = await translators());
  });

  const error = (code: string, message: string, param?: string, details?: unknown) => ({ code, message, param, details });

  it('says a validation error in Indonesian with the field in Indonesian words; English keeps the schema’s precise rule', () => {
    const e = error('parameter_invalid', 'Invalid phone: use the international form, e.g. +6281234567890', 'phone');
    expect(errorText(tId, e)).toBe('Isian telepon tidak valid. Periksa, lalu coba lagi.');
    expect(errorText(tEn, e)).toBe(e.message);
    expect(errorText(tId, error('parameter_missing', 'Required', 'brand.primary_color'))).toBe('Isi warna utama: kolom ini wajib.');
    expect(errorText(tEn, error('parameter_missing', 'Required', 'spending_controls.spending_limits.0.amount'))).toBe('Fill in amount: it is required.');
    // A required text sent empty is refused by its minimum length: said as a field to fill in, not in the schema's words.
    const empty = error('parameter_invalid', 'Invalid name: Too small: expected string to have >=1 characters', 'name');
    expect(errorText(tEn, empty)).toBe('Fill in name: it is required.');
    expect(errorText(tId, empty)).toBe('Isi nama: kolom ini wajib.');
  });

  it('names an unknown field by its own name, and "this field" when there is none', () => {
    expect(fieldText(tId, 'loyalty.points_per_unit')).toBe('points per unit');
    expect(fieldText(tId, undefined)).toBe('kolom ini');
  });

  it('says limits and balances in the program’s currency, Rp 25.000 style, when the screen knows the currency', () => {
    const cap = error('limit_above_cap', 'The daily limit 2000000 is above the program’s cap of 1000000.', 'spending_controls.spending_limits.0.amount', {
      interval: 'daily',
      cap: 1_000_000,
      requested: 2_000_000,
    });
    // IDR amounts are in minor units (exponent 2): 1_000_000 is Rp 10.000.
    expect(errorText(tId, cap, { currency: 'IDR' }).replace(/\s/g, ' ')).toBe(
      'Batas harian sebesar Rp 20.000 melebihi batas program ini, Rp 10.000. Masukkan Rp 10.000 atau kurang, atau naikkan dulu batas program.',
    );
    expect(errorText(tEn, cap, { currency: 'IDR' }).replace(/\s/g, ' ')).toContain('The daily limit of Rp 20.000 is above this program’s cap of Rp 10.000.');
    // Without the currency no amount is guessed: the plain sentence.
    expect(errorText(tId, cap)).toBe(id.errors.codes.limit_above_cap);
    const top = error('balance_cap_exceeded', 'This top-up would take the balance to …', 'amount', { cap: 500_000_000, balance: 497_500_000 });
    expect(errorText(tId, top, { currency: 'IDR' }).replace(/\s/g, ' ')).toContain('Paling banyak Rp 25.000 yang dapat ditambahkan');
  });

  it('says points grouped the Indonesian way and missing cardholder details by name', () => {
    const points = error('insufficient_points', 'Reward "Kopi" costs 1250 points; …', 'reward', { points_cost: 1250, available: 0 });
    expect(errorText(tId, points)).toBe('Hadiah ini perlu 1.250 poin; anggota memiliki 0. Pilih hadiah yang lebih kecil.');
    const kyc = error('kyc_requirements_missing', 'The cardholder cannot get a debit card yet: …', 'cardholder', { past_due: ['birth_date', 'national_id'] });
    expect(errorText(tId, kyc)).toContain('Belum ada: tanggal lahir, NIK.');
  });

  it('keeps the engine’s words for a code it does not know, and says any http_<status> the same way', () => {
    expect(errorText(tId, error('brand_new_code', 'Something new happened.'))).toBe('Something new happened.');
    expect(errorText(tId, error('http_502', 'The Kartu host answered 502 Bad Gateway.'))).toBe(id.errors.codes['http_*']);
  });
});

describe('limits read back from the engine’s message', () => {
  const core = join(import.meta.dirname, '../../core');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') && !n.endsWith('.test.ts') ? [join(dir, n)] : []));
  const sources = files(core).map((f) => readFileSync(f, 'utf8'));

  it('each pattern matches a message the engine really throws with that code (so a reworded engine fails here, not silently)', () => {
    for (const [code, pattern] of Object.entries(MESSAGE_VALUES)) {
      const thrown = sources.flatMap((text) => [...text.matchAll(new RegExp(`invalid\\(\\s*'${code}',\\s*(\`[^\`]*\`|'[^']*')`, 'g'))].map((m) => m[1]!));
      expect(thrown.length, code).toBeGreaterThan(0);
      // The engine's template with its values filled in, as a person would receive it.
      const filled = thrown.map((template) => template.slice(1, -1).replace(/\$\{[^}]*\}/g, '1200'));
      expect(filled.some((message) => pattern.test(message)), `${code}: ${filled.join(' | ')}`).toBe(true);
    }
  });

  it('says the limit in the reader’s language, grouped as numbers are written', async () => {
    const { tId } = await translators();
    expect(errorText(tId, { code: 'range_too_long', message: 'A report covers at most 1200 days.', param: 'from', details: undefined })).toBe(
      'Laporan mencakup paling lama 1.200 hari. Pilih periode yang lebih pendek.',
    );
    // The other throw of the same code has no number: the plain sentence.
    expect(errorText(tId, { code: 'range_too_long', message: 'A journal export covers at most ten years.', param: 'from', details: undefined })).toBe(id.errors.codes.range_too_long);
  });
});
