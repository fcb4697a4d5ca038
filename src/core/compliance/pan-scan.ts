import { isLuhnValid } from '../kernel/luhn.js';

/**
 * Finds what looks like a full card number in free text: a run of 13 to 19 digits (spaces and
 * dashes between digit groups allowed) that passes the Luhn check. Used to refuse card numbers in
 * comments and by the PCI checklist's scan of stored data.
 */
export function findPanLike(text: string): string[] {
  const found: string[] = [];
  // A standalone run: not part of a hex hash or base64 token (letters around it), not an E.164
  // phone (+62...), not starting with 0 (local phone numbers; no card number does).
  for (const match of text.matchAll(/(?<![0-9A-Za-z+])[1-9](?:[ -]?\d){12,18}(?![0-9A-Za-z])/g)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && isLuhnValid(digits)) found.push(digits);
  }
  return found;
}

/** How a found number may be shown: last 4 only. */
export function maskPan(digits: string): string {
  return `••••${digits.slice(-4)}`;
}
