import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A stored phone number (E.164, e.g. +6281210011063) as people write it: +62 812-1001-1063.
 *
 * The library's international pattern for Indonesia separates mobile blocks with spaces
 * (+62 812 1001 1063), but Indonesians write a mobile number with dashes (0812-1001-1063), so an
 * Indonesian number whose national form is dashed keeps those dashes after +62. Every other number
 * is grouped as its country does internationally (+65 6123 4567, +1 415 555 2671). A value the
 * library cannot read as a real number is shown as it was: it still is what the person typed.
 * Only for showing: input fields keep what is typed, and the core validates E.164.
 */
export function formatPhone(raw: string): string {
  const number = parsePhoneNumberFromString(raw.trim());
  if (!number?.isValid()) return raw;
  if (number.country === 'ID') {
    const national = number.formatNational(); // "0812-1001-1063", "(021) 5551234"
    const dashedMobile = /^0(\d+(?:-\d+)+)$/.exec(national);
    if (dashedMobile) return `+62 ${dashedMobile[1]}`;
  }
  return number.formatInternational();
}
