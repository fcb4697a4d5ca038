import { describe, expect, it } from 'vitest';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import type { Program } from '../../../core/programs/program.js';
import { kycByKind } from './kyc-by-kind.js';

function holder(over: Partial<Cardholder> = {}): Cardholder {
  return {
    id: 'ch_1', object: 'cardholder', type: 'individual', company: null, name: 'Sari', email: null, phone: '+6281299990001', birth_date: null,
    national_id_last4: null, address: null, preferred_language: 'id', status: 'active',
    verification: { status: 'unverified', past_due: ['birth_date', 'national_id', 'address'], errors: [
      { field: 'birth_date', reason: 'missing', message: '' }, { field: 'national_id', reason: 'missing', message: '' }, { field: 'address', reason: 'missing', message: '' },
    ] },
    metadata: {}, created: 0, livemode: false, ...over,
  };
}

const program = (over: Partial<Program>) => ({ id: 'prog_1', name: 'Kopi', kind: 'loyalty', kyc_requirements: { fields: ['name', 'phone_or_email'] }, ...over }) as Program;

describe('kycByKind', () => {
  it('a loyalty card needs only a name and a phone or e-mail; a debit card the full check', () => {
    const rows = new Map(kycByKind(holder(), []).map((r) => [r.kind, r]));
    expect(rows.get('loyalty')).toMatchObject({ fields: ['name', 'phone_or_email'], problems: [] });
    expect(rows.get('prepaid')?.problems).toEqual([]);
    expect(rows.get('debit')?.problems.map((p) => p.field)).toEqual(['birth_date', 'national_id', 'address']);
    expect(rows.get('debit')?.fields).toEqual(['name', 'phone_or_email', 'birth_date', 'adult', 'national_id', 'address']);
  });

  it("adds what the merchant's programs of a kind ask for, and names those programs", () => {
    const rows = new Map(kycByKind(holder(), [program({ kyc_requirements: { fields: ['name', 'phone_or_email', 'email'] } }), program({ id: 'prog_2', name: 'Other', kind: 'debit' })]).map((r) => [r.kind, r]));
    expect(rows.get('loyalty')).toMatchObject({ programs: ['Kopi'], problems: [{ field: 'email', reason: 'missing' }] });
    expect(rows.get('debit')?.programs).toEqual(['Other']);
  });

  it('nothing missing once the core reports no problems', () => {
    const done = holder({ verification: { status: 'verified', past_due: [], errors: [] } });
    expect(kycByKind(done, []).every((r) => r.problems.length === 0)).toBe(true);
  });
});
