import { describe, expect, it } from 'vitest';
import { EMPTY_CONTROLS } from '../../../core/controls/spending-controls.js';
import { controlsFromDraft, draftFromControls, parseList } from './controls-draft.js';

describe('spending controls in the editor', () => {
  it('round-trips controls through the fields, amounts in whole rupiah', () => {
    const controls = {
      ...EMPTY_CONTROLS,
      spending_limits: [{ amount: 50_000_000, interval: 'daily' as const, categories: ['5814', 'restaurants'] }],
      allowed_countries: ['ID'],
      allowed_locations: ['KN-JKT-SDR01'],
      velocity_limits: [{ count: 5, interval: 'daily' as const }],
    };
    const draft = draftFromControls(controls, 'IDR');
    expect(draft.limits[0]).toEqual({ amount: '500000', interval: 'daily', categories: '5814, restaurants' });
    expect(controlsFromDraft(draft, 'IDR')).toEqual({ controls, problems: [] });
  });

  it('reads lists loosely and empty lists as no restriction', () => {
    expect(parseList(' 5814 ; restaurants,5814 ')).toEqual(['5814', 'restaurants']);
    expect(parseList('id, sg', true)).toEqual(['ID', 'SG']);
    expect(parseList('  ')).toBeNull();
  });

  it('names the field of an amount or count that is not one, with the engine’s param', () => {
    const draft = draftFromControls(EMPTY_CONTROLS, 'IDR');
    draft.limits.push({ amount: 'lots', interval: 'monthly', categories: '' });
    draft.velocity.push({ count: '0', interval: 'daily' });
    expect(controlsFromDraft(draft, 'IDR').problems).toEqual([
      { param: 'spending_controls.spending_limits.0.amount', message: 'amount' },
      { param: 'spending_controls.velocity_limits.0.count', message: 'count' },
    ]);
  });
});
