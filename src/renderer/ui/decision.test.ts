import { beforeAll, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { translators } from '../i18n/testing/translators.js';
import { decisionBadgeText } from './decision.js';

let tId: TFunction;
let tEn: TFunction;
beforeAll(async () => {
  ({ tId, tEn } = await translators());
});

describe('decision badge', () => {
  it('says a decline in words, without the bare ISO 8583 code; the code is its tooltip', () => {
    expect(decisionBadgeText(tId, false, '43')).toEqual({ tone: 'danger', text: 'Ditolak', title: 'Kode ISO 43' });
    expect(decisionBadgeText(tEn, false, '51')).toEqual({ tone: 'danger', text: 'Declined', title: 'ISO code 51' });
  });

  it('says an approval, and a partial one (code 10) as partial', () => {
    expect(decisionBadgeText(tId, true, '00')).toEqual({ tone: 'success', text: 'Disetujui', title: 'Kode ISO 00' });
    expect(decisionBadgeText(tEn, true, '10')).toEqual({ tone: 'success', text: 'Partially approved', title: 'ISO code 10' });
  });
});
