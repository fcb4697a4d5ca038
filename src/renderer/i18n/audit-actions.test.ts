import { describe, expect, it } from 'vitest';
import { handlers } from '../../core/handlers.js';
import { auditActionsEn, auditActionsId } from './texts/audit-actions.js';

describe('audit action words', () => {
  it('name real commands (a renamed command leaves no dead entry), each said in Indonesian too', () => {
    // kyc-status-set is written by the KYC trail inside cardholder commands, not a command of its own.
    const known = new Set([...Object.keys(handlers), 'kyc-status-set']);
    expect(Object.keys(auditActionsEn).filter((name) => !known.has(name))).toEqual([]);
    const same = Object.keys(auditActionsEn).filter((name) => auditActionsId[name as keyof typeof auditActionsId] === auditActionsEn[name as keyof typeof auditActionsEn]);
    expect(same).toEqual([]);
  });
});
