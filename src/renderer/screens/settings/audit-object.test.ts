import { describe, expect, it } from 'vitest';
import { ID_PREFIXES } from '../../../core/kernel/ids.js';
import { en } from '../../i18n/en.js';
import { id } from '../../i18n/id.js';
import { AUDIT_OBJECT_KINDS, auditObject } from './audit-object.js';

describe('auditObject', () => {
  it('names an object by its id prefix and links the ones with a screen', () => {
    expect(auditObject('topup_01m8c1swm000017dqyh56e')).toEqual({ kind: 'topUp', screen: null });
    expect(auditObject('card_01m8c1swm000017dqyh56e')).toEqual({ kind: 'card', screen: 'cards' });
    expect(auditObject('ch_01m8c1swm000017dqyh56e')).toEqual({ kind: 'cardholder', screen: 'cardholders' });
    expect(auditObject('prog_01m8c1swm000017dqyh56e')).toEqual({ kind: 'program', screen: 'programs' });
  });

  it('calls an unknown id or one without a prefix a record', () => {
    expect(auditObject('job_01m8')).toEqual({ kind: 'other', screen: null });
    expect(auditObject('something')).toEqual({ kind: 'other', screen: null });
    expect(auditObject('constructor_1').kind).toBe('other');
  });

  it('knows only prefixes the engine makes, and has words for every kind in both languages', () => {
    const kinds = AUDIT_OBJECT_KINDS.filter((k) => k !== 'other');
    for (const kind of kinds) expect(ID_PREFIXES.some((p) => auditObject(`${p}_x`).kind === kind)).toBe(true);
    for (const kind of AUDIT_OBJECT_KINDS) {
      expect(en.settingsMore.audit.objects[kind]).toBeTruthy();
      expect(id.settingsMore.audit.objects[kind]).toBeTruthy();
    }
  });
});
