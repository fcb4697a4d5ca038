import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MASTER_KEY_BYTES, newMasterKey } from './card-vault.js';

export const KEY_FILE_NAME = 'card-data.key';

export class KeyFileError extends Error {}

/**
 * Headless hosts keep the card-data key in a 0600 file in the data directory (the desktop app uses
 * the OS keychain instead). Created once; a key file that others can read is refused.
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE_NAME);
  if (!existsSync(path)) {
    const key = newMasterKey();
    writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return key;
  }
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    throw new KeyFileError(`${path} can be read by other users (mode ${mode.toString(8)}). Run: chmod 600 ${path}`);
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]+$/.test(text) || text.length !== MASTER_KEY_BYTES * 2) {
    throw new KeyFileError(`${path} is not a Kartu card-data key. Restore it from your backup: without it, stored card numbers cannot be read.`);
  }
  return Buffer.from(text, 'hex');
}
