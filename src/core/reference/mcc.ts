import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { resourcesDir } from './resources-dir.js';

export interface MccEntry {
  mcc: string;
  description: string;
}

let cache: Map<string, MccEntry> | null = null;

/** The ISO 18245 list shipped in resources/, parsed once. */
export function mccTable(): Map<string, MccEntry> {
  if (cache) return cache;
  const text = readFileSync(join(resourcesDir(), 'mcc_codes.csv'), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const table = new Map<string, MccEntry>();
  for (const row of parsed.data) {
    const mcc = row.mcc?.trim();
    if (mcc && /^\d{4}$/.test(mcc)) table.set(mcc, { mcc, description: row.edited_description ?? row.combined_description ?? mcc });
  }
  cache = table;
  return table;
}

export function isKnownMcc(mcc: string): boolean {
  return mccTable().has(mcc);
}

export function mccDescription(mcc: string): string | undefined {
  return mccTable().get(mcc)?.description;
}

/** Named groups a merchant can allow or block at once. Ranges are inclusive. */
export const MCC_GROUPS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  restaurants: [['5811', '5814']],
  groceries: [['5411', '5411'], ['5422', '5422'], ['5441', '5451'], ['5462', '5462'], ['5499', '5499']],
  fuel: [['5541', '5542'], ['5983', '5983']],
  travel: [['3000', '3999'], ['4011', '4011'], ['4111', '4112'], ['4131', '4131'], ['4411', '4411'], ['4511', '4511'], ['4722', '4722'], ['7011', '7011'], ['7512', '7512']],
  suppliers: [['5021', '5021'], ['5039', '5039'], ['5044', '5051'], ['5065', '5085'], ['5094', '5099'], ['5111', '5111'], ['5122', '5122'], ['5131', '5172'], ['5192', '5199']],
  gambling: [['7995', '7995'], ['7800', '7802']],
  cash: [['6010', '6011'], ['6051', '6051'], ['6540', '6540']],
};

export function mccInGroup(mcc: string, group: string): boolean {
  const ranges = MCC_GROUPS[group];
  if (!ranges) return false;
  return ranges.some(([from, to]) => mcc >= from && mcc <= to);
}
