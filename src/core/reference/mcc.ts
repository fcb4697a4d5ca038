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

// The groups are browser-safe data of their own; the engine's modules keep importing them from here.
import { mccGroupOf } from './mcc-groups.js';
export { MCC_GROUPS, mccGroupOf, mccInGroup } from './mcc-groups.js';

/** How reports name a code: its ISO description ('MCC 5149' for a code the list does not name) and its group, for screens that name it in their language. */
export function mccCategory(mcc: string): { category: string; group: string | null } {
  return { category: mccDescription(mcc) ?? `MCC ${mcc}`, group: mccGroupOf(mcc) };
}
