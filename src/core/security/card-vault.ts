import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Everything that touches a full card number in one place. The number is plaintext only in memory,
 * for the moment it is needed: at rest it is AES-256-GCM ciphertext, found by a keyed fingerprint.
 * Security codes are derived from the number, the expiry and a secret, so they are never stored.
 */
export interface CardVault {
  encrypt(number: string): string;
  decrypt(ciphertext: string): string;
  fingerprint(number: string): string;
  securityCode(number: string, expMonth: number, expYear: number): string;
  /** A keyed hash for other secrets that must be found but never read back (e.g. block-list numbers). */
  keyedHash(purpose: string, value: string): string;
}

export const MASTER_KEY_BYTES = 32;

export function newMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `kartu ${purpose}`, 32));
}

export function createCardVault(masterKey: Uint8Array): CardVault {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new Error('the card-data key must be 32 bytes');
  const master = Buffer.from(masterKey);
  const encryptionKey = derive(master, 'card number encryption v1');
  const fingerprintKey = derive(master, 'card number fingerprint v1');
  const codeKey = derive(master, 'card security code v1');
  const hashKey = derive(master, 'keyed hash v1');
  return {
    encrypt(number) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(number, 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${body.toString('base64')}`;
    },
    decrypt(ciphertext) {
      const [version, iv, tag, body] = ciphertext.split('.');
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown card-data ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
    fingerprint(number) {
      return createHmac('sha256', fingerprintKey).update(number).digest('base64url');
    },
    securityCode(number, expMonth, expYear) {
      const yymm = `${String(expYear % 100).padStart(2, '0')}${String(expMonth).padStart(2, '0')}`;
      const mac = createHmac('sha256', codeKey).update(`${number}|${yymm}`).digest();
      // Decimalise like a CVV: three digits from the MAC, uniformly enough for a 3-digit code.
      return String(mac.readUInt32BE(0) % 1000).padStart(3, '0');
    },
    keyedHash(purpose, value) {
      return createHmac('sha256', hashKey).update(`${purpose}\u0000${value}`).digest('base64url');
    },
  };
}

export function maskNumber(last4: string): string {
  return `•••• ${last4}`;
}
