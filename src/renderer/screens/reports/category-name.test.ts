import { beforeAll, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { MCC_GROUPS } from '../../../core/reference/mcc-groups.js';
import { translators } from '../../i18n/testing/translators.js';
import { categoryName, codeWithGroup } from './category-name.js';

let tId: TFunction;
let tEn: TFunction;
beforeAll(async () => {
  ({ tId, tEn } = await translators());
});

// Rows as the engine gives them (core/reports/spending-reports.ts spendingByCategory).
const fastFood = { mcc: '5814', category: 'Fast Food Restaurants', group: 'restaurants' };
const unnamedSupplier = { mcc: '5149', category: 'MCC 5149', group: 'suppliers' };
const games = { mcc: '5816', category: 'Digital Goods: Games', group: null };
const unknown = { mcc: '0999', category: 'MCC 0999', group: null };

describe('category names in reports', () => {
  it('in Indonesian names a code by its group in Indonesian words, never by the English description', () => {
    expect(categoryName(tId, 'id', fastFood)).toEqual({ name: 'Restoran' });
    expect(categoryName(tId, 'id', unnamedSupplier)).toEqual({ name: 'Pemasok' });
    expect(categoryName(tId, 'id', { mcc: '6011', category: 'Automated Cash Disburse', group: 'cash' })).toEqual({ name: 'Penarikan tunai' });
    // Every group the engine can return has its own Indonesian words, not its key.
    for (const group of Object.keys(MCC_GROUPS)) expect(categoryName(tId, 'id', { mcc: '0000', category: 'Any', group }).name, group).not.toMatch(new RegExp(`^${group}$`, 'i'));
  });

  it('in Indonesian calls a code in no group "Kategori lain", keeping the English name as its tooltip', () => {
    expect(categoryName(tId, 'id', games)).toEqual({ name: 'Kategori lain', title: 'Digital Goods: Games' });
    expect(categoryName(tId, 'id', unknown)).toEqual({ name: 'Kategori lain' });
  });

  it("in English keeps the engine's description, and says an unnamed code by its group", () => {
    expect(categoryName(tEn, 'en', fastFood)).toEqual({ name: 'Fast Food Restaurants' });
    expect(categoryName(tEn, 'en', games)).toEqual({ name: 'Digital Goods: Games' });
    expect(categoryName(tEn, 'en', unnamedSupplier)).toEqual({ name: 'Suppliers (other)' });
    expect(categoryName(tEn, 'en', unknown)).toEqual({ name: 'Other category' });
  });
});

describe('a bare code with its group', () => {
  it('names the group in the reader\'s language before the code, and leaves a code in no group as it is', () => {
    expect(codeWithGroup(tId, '5814')).toBe('Restoran · 5814');
    expect(codeWithGroup(tEn, '5814')).toBe('Restaurants · 5814');
    expect(codeWithGroup(tId, '5149')).toBe('Pemasok · 5149');
    expect(codeWithGroup(tId, '5999')).toBe('5999');
  });
});
