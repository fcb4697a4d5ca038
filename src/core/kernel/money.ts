/** ISO 4217 minor-unit exponents for the currencies Kartu accepts. Amounts are integers in that unit. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  IDR: 2, USD: 2, EUR: 2, SGD: 2, MYR: 2, AUD: 2, GBP: 2, JPY: 0, CNY: 2, THB: 2, PHP: 2, VND: 0,
  KRW: 0, HKD: 2, INR: 2, SAR: 2, AED: 2, CHF: 2, CAD: 2, NZD: 2, BHD: 3, KWD: 3, TWD: 2, BND: 2,
};

/** ISO 4217 numeric codes, for ISO 8583 field 49. */
export const CURRENCY_NUMERIC: Readonly<Record<string, string>> = {
  IDR: '360', USD: '840', EUR: '978', SGD: '702', MYR: '458', AUD: '036', GBP: '826', JPY: '392',
  CNY: '156', THB: '764', PHP: '608', VND: '704', KRW: '410', HKD: '344', INR: '356', SAR: '682',
  AED: '784', CHF: '756', CAD: '124', NZD: '554', BHD: '048', KWD: '414', TWD: '901', BND: '096',
};

export function isSupportedCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

export function currencyExponent(code: string): number {
  const exponent = CURRENCY_EXPONENTS[code];
  if (exponent === undefined) throw new RangeError(`unsupported currency ${code}`);
  return exponent;
}

export function currencyFromNumeric(numeric: string): string | undefined {
  for (const [code, num] of Object.entries(CURRENCY_NUMERIC)) if (num === numeric) return code;
  return undefined;
}

/** Whole units to minor units, e.g. Rp 10.000 -> 1_000_000 (IDR has exponent 2). */
export function majorToMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** currencyExponent(currency));
}

/** Proportional share with integer rounding down: never creates money out of a split. */
export function proportionalFloor(total: number, part: number, whole: number): number {
  if (whole === 0) return 0;
  return Number((BigInt(total) * BigInt(part)) / BigInt(whole));
}

export function assertSafeAmount(amount: number): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not a safe integer`);
}
