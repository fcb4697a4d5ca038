import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import type { KycProblem } from '../../../core/cardholders/kyc-check.js';
import type { Program } from '../../../core/programs/program.js';
import { PROGRAM_KINDS, type ProgramKind } from '../../../core/programs/program-kinds.js';
import { KYC_FIELDS, KYC_FLOORS, type KycField } from '../../../core/programs/kyc-rules.js';

export interface KindRequirement {
  kind: ProgramKind;
  fields: KycField[];
  programs: string[];
  problems: Array<Pick<KycProblem, 'field' | 'reason'>>;
}

/**
 * What each card kind asks of this cardholder and what is missing. The core computes the problems
 * for full KYC (`verification.errors`, a superset of every kind's floor); a kind needs its floor
 * plus whatever the merchant's programs of that kind added (`kyc_requirements.fields`). `phone`
 * and `email` alone are not in full KYC, so their absence is read from the fields themselves.
 */
export function kycByKind(holder: Cardholder, programs: readonly Program[]): KindRequirement[] {
  return PROGRAM_KINDS.map((kind) => {
    const ofKind = programs.filter((p) => p.kind === kind);
    const wanted = new Set<KycField>(KYC_FLOORS[kind]);
    for (const program of ofKind) for (const field of program.kyc_requirements?.fields ?? []) wanted.add(field);
    const fields = KYC_FIELDS.filter((f) => wanted.has(f));
    const problems: KindRequirement['problems'] = holder.verification.errors.filter((p) => wanted.has(p.field)).map(({ field, reason }) => ({ field, reason }));
    if (wanted.has('phone') && !holder.phone) problems.push({ field: 'phone', reason: 'missing' });
    if (wanted.has('email') && !holder.email) problems.push({ field: 'email', reason: 'missing' });
    return { kind, fields, programs: ofKind.map((p) => p.name), problems };
  });
}
