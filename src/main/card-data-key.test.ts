import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE_NAME } from '../core/security/key-file.js';
import { CardDataKeyError, loadOrCreateCardDataKey, SAFE_KEY_FILE_NAME, type SecretStore } from './card-data-key.js';

/** A stand-in for safeStorage: reversible, but the file never holds the key in the clear. */
function fakeKeychain(options: { available?: boolean; backend?: string; broken?: boolean } = {}): SecretStore {
  const mask = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (plain) => Buffer.concat([Buffer.from('KC1:'), mask(Buffer.from(plain, 'utf8'))]),
    decryptString: (encrypted) => {
      if (options.broken || !encrypted.subarray(0, 4).equals(Buffer.from('KC1:'))) throw new Error('keychain refused');
      return mask(encrypted.subarray(4)).toString('utf8');
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kartu-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('card-data key kept by the OS keychain', () => {
  it('creates a 32-byte key once, stored only encrypted, 0600, and reads the same key back', () => {
    const first = loadOrCreateCardDataKey(dir, fakeKeychain());
    expect(first.source).toBe('keychain-created');
    expect(first.key).toHaveLength(32);
    const file = join(dir, SAFE_KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).toString('latin1')).not.toContain(Buffer.from(first.key).toString('hex'));
    expect(existsSync(join(dir, KEY_FILE_NAME))).toBe(false);

    const again = loadOrCreateCardDataKey(dir, fakeKeychain());
    expect(again.source).toBe('keychain');
    expect(Buffer.from(again.key).equals(Buffer.from(first.key))).toBe(true);
  });

  it('adopts the key file of a data folder the headless host made, so both hosts read the same cards', () => {
    const key = Buffer.alloc(32, 9);
    writeFileSync(join(dir, KEY_FILE_NAME), key.toString('hex') + '\n', { mode: 0o600 });
    const adopted = loadOrCreateCardDataKey(dir, fakeKeychain());
    expect(adopted.source).toBe('keychain-adopted-key-file');
    expect(Buffer.from(adopted.key).equals(key)).toBe(true);
    expect(loadOrCreateCardDataKey(dir, fakeKeychain()).source).toBe('keychain');
  });

  it('falls back to the 0600 key file when there is no real keychain (Linux basic_text)', () => {
    const result = loadOrCreateCardDataKey(dir, fakeKeychain({ backend: 'basic_text' }));
    expect(result.source).toBe('key-file');
    expect(existsSync(join(dir, SAFE_KEY_FILE_NAME))).toBe(false);
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
  });

  it('refuses clearly when the keychain is locked or cannot decrypt, and overwrites nothing', () => {
    loadOrCreateCardDataKey(dir, fakeKeychain());
    const before = readFileSync(join(dir, SAFE_KEY_FILE_NAME));
    expect(() => loadOrCreateCardDataKey(dir, fakeKeychain({ available: false }))).toThrow(CardDataKeyError);
    expect(() => loadOrCreateCardDataKey(dir, fakeKeychain({ broken: true }))).toThrow(/could not unlock .*card-data\.key\.safe/);
    expect(readFileSync(join(dir, SAFE_KEY_FILE_NAME)).equals(before)).toBe(true);
  });

  it('refuses two different keys side by side rather than guessing which one encrypted the cards', () => {
    loadOrCreateCardDataKey(dir, fakeKeychain());
    writeFileSync(join(dir, KEY_FILE_NAME), Buffer.alloc(32, 1).toString('hex'), { mode: 0o600 });
    expect(() => loadOrCreateCardDataKey(dir, fakeKeychain())).toThrow(/different card-data keys/);
  });

  it('refuses a decrypted value that is not a key', () => {
    writeFileSync(join(dir, SAFE_KEY_FILE_NAME), fakeKeychain().encryptString('not a key'), { mode: 0o600 });
    expect(() => loadOrCreateCardDataKey(dir, fakeKeychain())).toThrow(/does not hold a Kartu card-data key/);
  });
});
