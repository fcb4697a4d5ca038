import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shipped reference data is: KARTU_RESOURCES (the packaged desktop app sets it), else the
 * nearest `resources/` folder above this module (works from src/ under tsx and from out/ bundles).
 */
export function resourcesDir(): string {
  const fromEnv = process.env.KARTU_RESOURCES;
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'mcc_codes.csv'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('Cannot find Kartu resources (mcc_codes.csv); set KARTU_RESOURCES');
}
