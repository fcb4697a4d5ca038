import type { CardholderRow } from '../db/schema.js';
import { invalid, KartuError } from '../kernel/errors.js';
import type { SpendingControls } from '../controls/spending-controls.js';
import { kycProblems } from '../cardholders/kyc-check.js';
import { FULL_KYC, type KycField } from '../programs/kyc-rules.js';
import { UNREGISTERED_BALANCE_CAP_IDR } from '../programs/program-kinds.js';
import type { Program } from '../programs/program.js';
import { assertControlsWithinCaps } from '../programs/caps-check.js';
import { checkEligibility } from '../network/eligibility.js';
import { checkExpiry, type Expiry } from './expiry.js';

/** Prepaid cards need full KYC once the balance they may hold is above the unregistered limit. */
export function kycFieldsFor(program: Program): KycField[] {
  const fields = new Set<KycField>(program.kyc_requirements.fields);
  if (program.kind === 'prepaid') {
    const cap = program.caps.balance;
    const unregisteredLimit = program.currency === 'IDR' ? UNREGISTERED_BALANCE_CAP_IDR : 0;
    if (cap === null || cap > unregisteredLimit) for (const field of FULL_KYC) fields.add(field);
  }
  return [...fields];
}

export interface IssuanceRequest {
  program: Program;
  cardholder: CardholderRow;
  type: 'virtual' | 'physical';
  controls: SpendingControls;
  expiry: Expiry;
  expiryRequested: boolean;
  now: Date;
  /** Cards the cardholder holds that are not canceled (the network caps them). */
  openCards: number;
}

/**
 * The checks before a card exists, in order; the first that fails refuses with a machine-readable
 * code: cardholder status and KYC for this kind, limits within caps, expiry range, then the card
 * network's own eligibility. (MCCs are validated by the input schema.)
 */
export function runIssuanceChecks(request: IssuanceRequest): void {
  const { program, cardholder } = request;
  if (program.status !== 'active') throw invalid('program_archived', 'This program is archived and issues no new cards.', 'program');
  if (cardholder.type === 'company') throw invalid('cardholder_is_company', 'Cards are issued to people; add the employee as a cardholder of this company.', 'cardholder');
  if (cardholder.status !== 'active') {
    throw invalid('cardholder_inactive', `The cardholder is ${cardholder.status}; only active cardholders get cards.`, 'cardholder');
  }
  if (cardholder.verification_status === 'rejected') {
    throw invalid('cardholder_verification_rejected', 'The cardholder failed verification.', 'cardholder');
  }
  if (program.kind === 'corporate' && !cardholder.company_id) {
    throw invalid('company_required', 'Corporate cards are for employees: set the cardholder\'s company first.', 'cardholder');
  }
  const problems = kycProblems(cardholder, kycFieldsFor(program), request.now);
  if (problems.length > 0) {
    throw new KartuError({
      type: 'invalid_request_error',
      code: 'kyc_requirements_missing',
      message: `The cardholder cannot get a ${program.kind} card yet: ${problems.map((p) => p.message).join(' ')}`,
      param: 'cardholder',
      details: { past_due: [...new Set(problems.map((p) => p.field))], errors: problems },
    });
  }
  assertControlsWithinCaps(request.controls, program.caps, 'spending_controls');
  if (request.expiryRequested) checkExpiry(request.expiry, request.now, program.timezone, program.max_expiry_years);
  const address = cardholder.address ? (JSON.parse(cardholder.address) as { country?: string }) : null;
  const verdict = checkEligibility({
    network: program.network,
    bin: program.bin,
    type: request.type,
    cardholderName: cardholder.name,
    cardholderCountry: address?.country ?? null,
    openCardsOfCardholder: request.openCards,
  });
  if (!verdict.eligible) throw invalid(verdict.code ?? 'network_refused', verdict.reason ?? 'The card network refused this card.', 'cardholder');
}
