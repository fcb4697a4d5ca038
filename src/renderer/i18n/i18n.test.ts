import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { id } from './id.js';
import { initialLang } from './i18n.js';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('languages', () => {
  it('follows the system: Indonesian when it starts with "id", English otherwise; a choice made in the app wins', () => {
    expect(initialLang('id-ID', null)).toBe('id');
    expect(initialLang('id', null)).toBe('id');
    expect(initialLang('en-US', null)).toBe('en');
    expect(initialLang('nl-NL', null)).toBe('en');
    expect(initialLang(undefined, null)).toBe('en');
    expect(initialLang('id-ID', 'en')).toBe('en');
    expect(initialLang('en-US', 'id')).toBe('id');
    expect(initialLang('en-US', 'fr')).toBe('en');
  });

  it('has every text in both languages, none empty', () => {
    expect(keys(id).sort()).toEqual(keys(en).sort());
    for (const key of keys(id)) expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], id), key).not.toBe('');
  });
});
