import { fromJson } from '../db/database.js';
import type { CardholderRow } from '../db/schema.js';
import { FULL_KYC } from '../programs/kyc-rules.js';
import { kycProblems, type KycProblem } from './kyc-check.js';

export interface Cardholder {
  id: string;
  object: 'cardholder';
  type: 'individual' | 'company';
  company: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  /** Masked: only the last 4 digits of the national id leave the engine. */
  national_id_last4: string | null;
  address: Record<string, unknown> | null;
  preferred_language: 'id' | 'en';
  status: 'active' | 'inactive' | 'blocked';
  verification: {
    status: 'unverified' | 'pending' | 'verified' | 'rejected';
    past_due: string[];
    errors: KycProblem[];
  };
  metadata: Record<string, string>;
  created: number;
  livemode: boolean;
}

export function cardholderFromRow(row: CardholderRow, today: Date, livemode: boolean): Cardholder {
  const problems = row.type === 'company' ? [] : kycProblems(row, FULL_KYC, today);
  return {
    id: row.id,
    object: 'cardholder',
    type: row.type as Cardholder['type'],
    company: row.company_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    birth_date: row.birth_date,
    national_id_last4: row.national_id ? row.national_id.slice(-4) : null,
    address: fromJson(row.address),
    preferred_language: row.preferred_language as Cardholder['preferred_language'],
    status: row.status as Cardholder['status'],
    verification: {
      status: row.verification_status as Cardholder['verification']['status'],
      past_due: [...new Set(problems.map((p) => p.field))],
      errors: problems,
    },
    metadata: fromJson(row.metadata),
    created: Math.floor(Date.parse(row.created_at) / 1000),
    livemode,
  };
}
