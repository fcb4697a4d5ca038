import type { Random } from '../kernel/random.js';
import { luhnCheckDigit } from '../kernel/luhn.js';

/**
 * BIN + random account digits + Luhn check digit. The account digits come from the injected random
 * source (crypto in production), so numbers cannot be guessed from one another.
 */
export function generateCardNumber(bin: string, length: number, random: Random): string {
  const accountDigits = length - bin.length - 1;
  if (accountDigits < 6) throw new RangeError(`a ${length}-digit number leaves too few account digits after BIN ${bin}`);
  let partial = bin;
  for (let i = 0; i < accountDigits; i++) partial += String(random.int(10));
  return partial + String(luhnCheckDigit(partial));
}
