import type { Engine } from '../engine.js';
import { OWNER } from './test-engine.js';

/** A valid NIK for a birth date (day +40 for women), for full-KYC cardholders in tests and demo data. */
export function nikFor(birthDate: string, serial: number, female = false): string {
  const [y, m, d] = birthDate.split('-') as [string, string, string];
  const day = Number(d) + (female ? 40 : 0);
  return `317101${String(day).padStart(2, '0')}${m}${y.slice(2)}${String(serial % 10000 || 1).padStart(4, '0')}`;
}

export async function loyaltyProgram(engine: Engine, extra: Record<string, unknown> = {}) {
  return engine.bus.send('program-create', { name: 'Kopi Nusantara Rewards', kind: 'loyalty', currency: 'IDR', ...extra } as never, OWNER);
}

export async function basicCardholder(engine: Engine, name = 'Siti Rahayu', phone = '+6281234567890') {
  return engine.bus.send('cardholder-create', { name, phone }, OWNER);
}

export async function fullKycCardholder(engine: Engine, name = 'Budi Santoso', serial = 1) {
  const birth_date = '1990-05-17';
  return engine.bus.send(
    'cardholder-create',
    {
      name,
      email: `budi${serial}@example.co.id`,
      phone: '+6281298765432',
      birth_date,
      national_id: nikFor(birth_date, serial),
      address: { line1: 'Jl. Sudirman 1', city: 'Jakarta', country: 'ID' },
    },
    OWNER,
  );
}
