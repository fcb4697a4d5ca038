import type { CardholderRow } from '../db/schema.js';
import { fromJson } from '../db/database.js';
import type { KycField } from '../programs/kyc-rules.js';
import { AGE_OF_MAJORITY, FULL_KYC } from '../programs/kyc-rules.js';
import { checkNik, nikMatchesBirthDate } from './nik.js';

export interface KycProblem {
  field: KycField;
  reason: 'missing' | 'invalid' | 'under_age';
  message: string;
}

function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}

/** What is missing or wrong for the given fields, like Stripe's requirements.past_due. */
export function kycProblems(row: CardholderRow, fields: readonly KycField[], today: Date): KycProblem[] {
  const problems: KycProblem[] = [];
  for (const field of fields) {
    switch (field) {
      case 'name':
        if (!row.name.trim()) problems.push({ field, reason: 'missing', message: 'A name is required.' });
        break;
      case 'phone_or_email':
        if (!row.phone && !row.email) problems.push({ field, reason: 'missing', message: 'A phone number or an e-mail address is required.' });
        break;
      case 'phone':
        if (!row.phone) problems.push({ field, reason: 'missing', message: 'A phone number is required.' });
        break;
      case 'email':
        if (!row.email) problems.push({ field, reason: 'missing', message: 'An e-mail address is required.' });
        break;
      case 'birth_date':
        if (!row.birth_date) problems.push({ field, reason: 'missing', message: 'A birth date is required.' });
        break;
      case 'adult':
        if (row.birth_date && ageOn(row.birth_date, today) < AGE_OF_MAJORITY) {
          problems.push({ field, reason: 'under_age', message: `The cardholder must be at least ${AGE_OF_MAJORITY} years old.` });
        }
        break;
      case 'national_id': {
        if (!row.national_id) {
          problems.push({ field, reason: 'missing', message: 'A national id number (NIK) is required.' });
          break;
        }
        const check = checkNik(row.national_id);
        if (!check.valid) problems.push({ field, reason: 'invalid', message: `The national id number ${check.reason}.` });
        else if (row.birth_date && !nikMatchesBirthDate(row.national_id, row.birth_date)) {
          problems.push({ field, reason: 'invalid', message: 'The national id number does not match the birth date.' });
        }
        break;
      }
      case 'address':
        if (!fromJson<unknown>(row.address)) problems.push({ field, reason: 'missing', message: 'An address is required.' });
        break;
    }
  }
  return problems;
}

/** Verified when full KYC holds, unless staff set pending or rejected. */
export function derivedVerificationStatus(row: CardholderRow, today: Date): string {
  if (row.verification_status === 'rejected' || row.verification_status === 'pending') return row.verification_status;
  if (row.type === 'company') return row.address ? 'verified' : 'unverified';
  return kycProblems(row, FULL_KYC, today).length === 0 ? 'verified' : 'unverified';
}
