/**
 * Indonesian NIK (Nomor Induk Kependudukan): 16 digits — province (2), regency (2), district (2),
 * birth day (2, +40 for women), birth month (2), birth year (2), serial (4, not 0000).
 */
export interface NikCheck {
  valid: boolean;
  reason?: string;
  birth?: { day: number; month: number; yy: number };
}

export function checkNik(nik: string): NikCheck {
  if (!/^\d{16}$/.test(nik)) return { valid: false, reason: 'must be 16 digits' };
  const province = Number(nik.slice(0, 2));
  if (province < 11 || province > 96) return { valid: false, reason: 'has an unknown province code' };
  if (nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') return { valid: false, reason: 'has an invalid regency or district code' };
  let day = Number(nik.slice(6, 8));
  if (day > 40) day -= 40;
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  if (day < 1 || day > 31 || month < 1 || month > 12) return { valid: false, reason: 'has an impossible birth date' };
  if (nik.slice(12) === '0000') return { valid: false, reason: 'has an invalid serial number' };
  return { valid: true, birth: { day, month, yy } };
}

/** The NIK's birth date must agree with the cardholder's (day, month and two-digit year). */
export function nikMatchesBirthDate(nik: string, birthDate: string): boolean {
  const check = checkNik(nik);
  if (!check.valid || !check.birth) return false;
  const [year, month, day] = birthDate.split('-').map(Number);
  return check.birth.day === day && check.birth.month === month && check.birth.yy === (year ?? 0) % 100;
}
