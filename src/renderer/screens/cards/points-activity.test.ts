import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { activityView } from '../../../core/rewards/account-handlers.js';
import { translators } from '../../i18n/testing/translators.js';
import { POINTS_ACTIVITY_KINDS, pointsActivityText } from './points-activity.js';

describe('pointsActivityText', () => {
  let tId: TFunction;
  let tEn: TFunction;
  beforeAll(async () => {
    ({ tId, tEn } = await translators());
  });

  it('says a points entry in Indonesian (the engine writes English)', () => {
    expect(pointsActivityText(tId, { type: 'earn', reason: null, description: 'Points for a purchase' })).toBe('Poin dari pembelian');
    expect(pointsActivityText(tId, { type: 'spend', reason: null, description: 'Reward redeemed' })).toBe('Hadiah ditukar');
    expect(pointsActivityText(tEn, { type: 'earn', reason: null, description: 'x' })).toBe('Points for a purchase');
  });

  it('keeps the reason staff typed for a bonus, and the engine words for a kind it does not know', () => {
    expect(pointsActivityText(tId, { type: 'bonus', reason: 'Ulang tahun', description: 'Bonus points: Ulang tahun' })).toBe('Poin bonus: Ulang tahun');
    expect(pointsActivityText(tId, { type: 'bonus', reason: null, description: 'Bonus points' })).toBe('Poin bonus');
    expect(pointsActivityText(tId, { type: 'something_new', reason: null, description: 'Something new' })).toBe('Something new');
  });

  it('has words for every kind the engine describes, and the English matches the engine', () => {
    for (const kind of POINTS_ACTIVITY_KINDS) {
      const engine = activityView({ id: 'pts_1', kind, points: 1, reason: null, details: null, created_at: '2026-11-26T00:00:00.000Z' } as never).description;
      expect(pointsActivityText(tEn, { type: kind, reason: null, description: engine })).toBe(engine);
      expect(pointsActivityText(tId, { type: kind, reason: null, description: engine })).not.toBe(engine);
    }
  });
});
