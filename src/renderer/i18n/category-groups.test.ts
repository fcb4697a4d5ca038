import { describe, expect, it } from 'vitest';
import { MCC_GROUPS } from '../../core/reference/mcc.js';
import { en } from './en.js';
import { id } from './id.js';

describe('category group words', () => {
  it('name exactly the engine’s groups, in Indonesian words in the Indonesian UI', () => {
    expect(Object.keys(en.rules.groups).sort()).toEqual(Object.keys(MCC_GROUPS).sort());
    for (const group of Object.keys(MCC_GROUPS) as (keyof typeof en.rules.groups)[]) expect(id.rules.groups[group], group).not.toBe(en.rules.groups[group]);
  });
});
