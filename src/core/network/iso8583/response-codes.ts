/**
 * ISO 8583:1987 response codes (DE39) Kartu answers with: the list of the port contract in
 * ARCHITECTURE.md. The engine decides most of them; the port itself decides 12, 13, 14, 30 (from
 * the message alone) and 96 (when the engine fails).
 */
export const RESPONSE_CODES = {
  approved: '00',
  doNotHonour: '05',
  partialApproval: '10',
  invalidTransaction: '12',
  invalidAmount: '13',
  invalidCardNumber: '14',
  formatError: '30',
  lostCard: '41',
  stolenCard: '43',
  insufficientFunds: '51',
  expiredCard: '54',
  notPermittedToCardholder: '57',
  suspectedFraud: '59',
  exceedsAmountLimit: '61',
  restrictedCard: '62',
  exceedsFrequencyLimit: '65',
  systemMalfunction: '96',
} as const;

export type IsoResponseCode = (typeof RESPONSE_CODES)[keyof typeof RESPONSE_CODES];

/** Approval codes: 00 approved, 10 partially approved (field 4 then holds the approved amount). */
export function isApproval(responseCode: string): boolean {
  return responseCode === '00' || responseCode === '10';
}
