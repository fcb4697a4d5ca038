import type { ProgramKind } from '../../../core/programs/program-kinds.js';
import type { Brand } from '../../../core/programs/brand.js';

/** Every kind the engine knows, in the order a merchant meets them (a missing kind fails the build). */
const KIND_ORDER: Record<ProgramKind, number> = { loyalty: 1, prepaid: 2, corporate: 3, debit: 4, credit: 5, co_branded: 6 };
export const PROGRAM_KIND_OPTIONS = (Object.keys(KIND_ORDER) as ProgramKind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);

export const LOGO_POSITION_OPTIONS: readonly Brand['logo_position'][] = ['top_left', 'top_right', 'bottom_left', 'bottom_right'];

/** Indonesia's zones first (the merchants Kartu is made for), then every zone the system knows. */
const FIRST_ZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'];

export function timeZoneOptions(): string[] {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  return [...FIRST_ZONES, ...all.filter((zone) => !FIRST_ZONES.includes(zone))];
}

/** What a new program's card looks like before the merchant changes anything. */
export function startingBrand(name: string): Brand {
  return { name, primary_color: '#1F3A5F', secondary_color: '#3E7CB1', text_color: '#FFFFFF', logo: null, logo_position: 'top_left' };
}
