import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { MASTER_KEY_BYTES } from '../core/security/card-vault.js';
import { KEY_FILE_NAME, loadOrCreateKeyFile } from '../core/security/key-file.js';

/** The part of Electron's safeStorage this module uses (injected, so it is testable on Node). */
export interface SecretStore {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keychain, only an obfuscation with a fixed password. */
  getSelectedStorageBackend?(): string;
}

/** The card-data key, encrypted by the OS keychain, next to the databases it unlocks. */
export const SAFE_KEY_FILE_NAME = 'card-data.key.safe';

export class CardDataKeyError extends Error {}

export type KeySource = 'keychain-created' | 'keychain' | 'keychain-adopted-key-file' | 'key-file';

export interface CardDataKey {
  key: Uint8Array;
  source: KeySource;
  /** Where the key is kept, for the log and error messages. */
  path: string;
}

function keychainUsable(store: SecretStore): boolean {
  if (!store.isEncryptionAvailable()) return false;
  return store.getSelectedStorageBackend?.() !== 'basic_text';
}

function decodeHexKey(text: string, path: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]+$/.test(hex) || hex.length !== MASTER_KEY_BYTES * 2) {
    throw new CardDataKeyError(`${path} does not hold a Kartu card-data key. Restore it from your backup: without it, stored card numbers cannot be read.`);
  }
  return Buffer.from(hex, 'hex');
}

function writeSafeKey(path: string, store: SecretStore, key: Buffer): void {
  writeFileSync(path, store.encryptString(key.toString('hex')), { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/**
 * Loads or creates the 32-byte key that encrypts card numbers at rest. With a real OS keychain the
 * key lives only encrypted by it; a data folder first made by the headless host (a 0600 key file)
 * is adopted so both hosts keep reading the same cards. Without a keychain (Linux with no secret
 * service) safeStorage would only obfuscate, so the 0600 key file is used, as headless does.
 */
export function loadOrCreateCardDataKey(dataDir: string, store: SecretStore, random: (n: number) => Buffer = randomBytes): CardDataKey {
  const safePath = join(dataDir, SAFE_KEY_FILE_NAME);
  const plainPath = join(dataDir, KEY_FILE_NAME);
  const hasPlain = existsSync(plainPath);

  if (existsSync(safePath)) {
    if (!store.isEncryptionAvailable()) {
      throw new CardDataKeyError(`The card-data key in ${safePath} is locked by the OS keychain, which is not available now. Sign in to your desktop session (keyring) and start Kartu again.`);
    }
    let text: string;
    try {
      text = store.decryptString(readFileSync(safePath));
    } catch (error) {
      throw new CardDataKeyError(`The OS keychain could not unlock ${safePath} (${(error as Error).message}). Was it made under another user account? Restore the data folder's key from your backup.`);
    }
    const key = decodeHexKey(text, safePath);
    if (hasPlain && !Buffer.from(loadOrCreateKeyFile(dataDir)).equals(key)) {
      throw new CardDataKeyError(`${safePath} and ${plainPath} hold different card-data keys. Keep the one your cards were issued with and move the other away.`);
    }
    return { key, source: 'keychain', path: safePath };
  }

  if (!keychainUsable(store)) {
    return { key: loadOrCreateKeyFile(dataDir), source: 'key-file', path: plainPath };
  }

  if (hasPlain) {
    const key = loadOrCreateKeyFile(dataDir);
    writeSafeKey(safePath, store, key);
    return { key, source: 'keychain-adopted-key-file', path: safePath };
  }

  const key = random(MASTER_KEY_BYTES);
  if (key.length !== MASTER_KEY_BYTES) throw new CardDataKeyError('the random source gave a key of the wrong size');
  writeSafeKey(safePath, store, key);
  return { key, source: 'keychain-created', path: safePath };
}
