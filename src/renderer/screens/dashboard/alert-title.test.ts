import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_NAMES } from '../../../core/risk/risk-types.js';
import { en } from '../../i18n/en.js';
import { id } from '../../i18n/id.js';
import { alertTitle } from './alert-title.js';
import { translators } from '../../i18n/testing/translators.js';

type AlertIn = Parameters<typeof alertTitle>[1];
const signal = (name: string, weight: number) => ({ name, weight, value: {}, explanation: '' }) as AlertIn['signals'][number];

describe('alertTitle', () => {
  let tId: TFunction;
  let tEn: TFunction;
  beforeAll(async () => {
    ({ tId, tEn } = await translators());
  });

  it('says a risk alert in Indonesian from its action and strongest signals (the engine writes English)', () => {
    const alert = { kind: 'authorization_risk', title: 'Flagged: card testing, velocity', action: 'flag', score: 55, detail: {}, signals: [signal('velocity', 10), signal('night_time', 0), signal('card_testing', 30)] } satisfies AlertIn;
    expect(alertTitle(tId, alert)).toBe('Ditandai: uji coba kartu, banyak pembelian dalam waktu singkat');
    expect(alertTitle(tEn, alert)).toBe('Flagged: card testing, many purchases in a short time');
    expect(alertTitle(tId, { ...alert, action: 'decline', signals: [] })).toBe('Ditolak karena risiko: skor risiko 55');
  });

  it('names a block-list hit and keeps the engine title for what it cannot rebuild', () => {
    const hit = { kind: 'block_list_hit', title: 'x', action: 'decline', score: 0, signals: [], detail: { approved: false, block_list: { list_name: 'Bank X', label: 'BIN 411111' } } } satisfies AlertIn;
    expect(alertTitle(tId, hit)).toBe('Daftar blokir “Bank X”: BIN 411111 (ditolak)');
    expect(alertTitle(tId, { kind: 'unusual_activity', title: 'Spend spike', action: null, score: null, signals: [], detail: {} })).toBe('Spend spike');
  });

  it('has words for every signal the engine can raise, in both languages', () => {
    for (const name of SIGNAL_NAMES) {
      expect(en.dash.signals[name], name).toBeTruthy();
      expect(id.dash.signals[name], name).not.toBe(en.dash.signals[name]);
    }
  });
});
