import { beforeAll, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { traceLine, type TraceEntry } from '../../core/authorization/rules.js';
import { TRACE_TEXTS, type TraceKey } from '../../core/authorization/trace-texts.js';
import { en } from '../i18n/en.js';
import { translators } from '../i18n/testing/translators.js';
import { traceLineText } from './trace-line.js';

const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');
const noBranches = (id: string) => id;
let tId: TFunction;
let tEn: TFunction;
beforeAll(async () => {
  ({ tId, tEn } = await translators());
});

describe('trace lines in the person’s language', () => {
  it('says a limit in Indonesian, with its amounts as rupiah, its window in words and its categories', () => {
    const line = traceLine('spending_limit', 'fail', 'window_limit_over', { interval: 'daily', limit: 50_000_000, spent: 45_000_000, amount: 7_500_000, categories: '5814, restaurants' }, 'spending_limit');
    expect(nbsp(traceLineText(tId, line, 'IDR', 'id', noBranches))).toBe(
      'Batas Rp 500.000 per hari untuk 5814, restaurants: sudah terpakai Rp 450.000 (termasuk dana ditahan), tambahan Rp 75.000 akan melebihinya',
    );
    expect(nbsp(traceLineText(tEn, line, 'IDR', 'en', noBranches))).toBe('Limit Rp 500.000 per day on 5814, restaurants: Rp 450.000 already used (holds included), Rp 75.000 more would exceed it');
  });

  it('names branches and countries by name, and counts as counts', () => {
    const branch = traceLine('closed_loop', 'pass', 'closed_loop_branch', { merchant: 'KN-JKT-01', location: 'loc_01abc' });
    expect(traceLineText(tId, branch, 'IDR', 'id', (id) => (id === 'loc_01abc' ? 'Kopi Nusantara Sudirman' : id))).toBe('Kopi Nusantara Sudirman adalah cabang milik usaha sendiri');
    const velocity = traceLine('velocity_limit', 'pass', 'velocity_within', { interval: 'hourly', count: 3, max: 5 });
    expect(traceLineText(tId, velocity, 'IDR', 'id', noBranches)).toBe('3 dari 5 transaksi per jam');
    const country = traceLine('merchant_rules', 'pass', 'country_allowed', { country: 'ID' });
    expect(traceLineText(tId, country, 'IDR', 'id', noBranches)).toBe('Negara Indonesia diizinkan');
    expect(traceLineText(tEn, country, 'IDR', 'en', noBranches)).toBe('Country Indonesia is allowed');
  });

  it('says the risk policy’s reason with its signals and block list in the person’s words', () => {
    const flagged = traceLine('risk', 'pass', 'risk_flag', { score: 72, signals: 'card_testing,velocity', threshold: 60 });
    expect(traceLineText(tId, flagged, 'IDR', 'id', noBranches)).toBe('Skor risiko 72 (uji coba kartu, ' + tId('dash.signals.velocity') + ') mencapai ambang tanda 60: ditandai');
    const listed = traceLine('risk', 'fail', 'risk_block_list', { score: 0, signals: '', kind: 'country', label: 'KP', list: 'Sanctions', policy: 'decline' }, 'suspected_fraud');
    expect(traceLineText(tEn, listed, 'IDR', 'en', noBranches)).toBe('Country KP is on block list “Sanctions” (its policy: decline). Risk score 0');
  });

  it('shows a line stored before keys existed as the engine wrote it, amounts as money', () => {
    const old: TraceEntry = { rule: 'funds', outcome: 'fail', detail: '800000 available, 1800000 needed', code: '51', reason: 'insufficient_funds' };
    expect(nbsp(traceLineText(tId, old, 'IDR', 'id', noBranches))).toBe('Rp 8.000 available, Rp 18.000 needed');
  });

  it('has a text in both languages for every line the engine can write, each using only values it is given', () => {
    const keys = Object.keys(TRACE_TEXTS) as TraceKey[];
    expect(Object.keys(en.decisions.lines).filter((k) => k !== 'scope' && k !== 'why').sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const line = traceLine('amount', 'pass', key, { amount: 1, available: 1, need: 1, fees: 1, requested: 1, limit: 1, spent: 1, cap: 1, count: 1, max: 1, interval: 'daily', merchant: 'M', location: 'L', mcc: '5814', country: 'ID', status: 'inactive', reason: 'lost', score: 1, explanation: 'x', signals: 'velocity,card_testing', threshold: 40, kind: 'merchant', label: 'M', list: 'L', policy: 'decline' });
      for (const [t, lang] of [[tId, 'id'], [tEn, 'en']] as const) expect(traceLineText(t, line, 'IDR', lang, noBranches), `${lang} ${key}`).not.toMatch(/\{\{|undefined/);
    }
  });
});
