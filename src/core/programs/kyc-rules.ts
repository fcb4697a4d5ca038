import { z } from 'zod';
import type { ProgramKind } from './program-kinds.js';

/**
 * What a cardholder must have given before a card of a kind is issued. `phone_or_email` is one of
 * the two; `adult` means a birth date showing the age of majority; `national_id` a valid NIK.
 */
export const KYC_FIELDS = ['name', 'phone_or_email', 'phone', 'email', 'birth_date', 'adult', 'national_id', 'address'] as const;
export type KycField = (typeof KYC_FIELDS)[number];

export const BASIC_KYC: readonly KycField[] = ['name', 'phone_or_email'];
export const FULL_KYC: readonly KycField[] = ['name', 'phone_or_email', 'birth_date', 'adult', 'national_id', 'address'];

/** Regulatory floors: a program may ask for more, never less. */
export const KYC_FLOORS: Record<ProgramKind, readonly KycField[]> = {
  loyalty: BASIC_KYC,
  prepaid: BASIC_KYC,
  debit: FULL_KYC,
  credit: FULL_KYC,
  corporate: FULL_KYC,
  co_branded: FULL_KYC,
};

/** Age of majority used for card eligibility (Indonesia: 17, the age for an e-KTP). */
export const AGE_OF_MAJORITY = 17;

export const kycRequirementsSchema = z.strictObject({
  fields: z.array(z.enum(KYC_FIELDS)).max(KYC_FIELDS.length).optional(),
});

export interface KycRequirements {
  fields: KycField[];
}

export function requirementsFor(kind: ProgramKind, requested: KycField[] | undefined): KycRequirements {
  const fields = new Set<KycField>(KYC_FLOORS[kind]);
  for (const field of requested ?? []) fields.add(field);
  return { fields: KYC_FIELDS.filter((field) => fields.has(field)) };
}
