/**
 * Message type indicators. The third digit is the message function (0 request, 1 request
 * response, 2 advice, 3 advice response), the fourth the origin (0 acquirer, 1 acquirer repeat).
 */

export type IsoRequestKind = 'authorization' | 'financial' | 'reversal' | 'advice_reversal' | 'network_management';

/** The request MTIs the port serves, with their answers; an xxx1 repeat is the same request sent again. */
const SERVED: ReadonlyMap<string, { kind: IsoRequestKind; responseMti: string }> = new Map([
  ['0100', { kind: 'authorization', responseMti: '0110' }],
  ['0101', { kind: 'authorization', responseMti: '0110' }],
  ['0200', { kind: 'financial', responseMti: '0210' }],
  ['0201', { kind: 'financial', responseMti: '0210' }],
  ['0400', { kind: 'reversal', responseMti: '0410' }],
  ['0401', { kind: 'reversal', responseMti: '0410' }],
  ['0420', { kind: 'advice_reversal', responseMti: '0430' }],
  ['0421', { kind: 'advice_reversal', responseMti: '0430' }],
  ['0800', { kind: 'network_management', responseMti: '0810' }],
  ['0801', { kind: 'network_management', responseMti: '0810' }],
]);

export function requestKindOf(mti: string): IsoRequestKind | undefined {
  return SERVED.get(mti)?.kind;
}

export function isRepeatMti(mti: string): boolean {
  return mti.charCodeAt(3) === 49; // '1'
}

/**
 * The MTI of the answer to `mti`, or undefined when `mti` is not something one answers (a
 * response itself, or not from an acquirer). Also defined for requests Kartu does not serve
 * (e.g. 0300), so that they can be answered "12 invalid transaction" rather than ignored.
 */
export function responseMtiFor(mti: string): string | undefined {
  const served = SERVED.get(mti);
  if (served !== undefined) return served.responseMti;
  if (mti.length !== 4) return undefined;
  const fn = mti.charCodeAt(2) - 48;
  const origin = mti.charCodeAt(3) - 48;
  if ((fn !== 0 && fn !== 2) || (origin !== 0 && origin !== 1)) return undefined;
  return mti.slice(0, 2) + String.fromCharCode(48 + fn + 1) + '0';
}
