import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu } from '../kartu.js';
import { createLogger } from '../kernel/logger.js';
import { OWNER } from '../testing/test-engine.js';
import { createCardVault } from '../security/card-vault.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-pan-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('card data at rest', () => {
  it('leaves no full card number in the database files or the logs', async () => {
    const logPath = join(dir, 'kartu.log');
    const log = createLogger({ level: 'debug', destination: logPath, sync: true });
    const kartu = await openKartu({ dataDir: join(dir, 'data'), log });
    const bus = kartu.sandbox.bus;
    const program = await bus.send('program-create', { name: 'Scan', kind: 'loyalty', currency: 'IDR' }, OWNER);
    const numbers: string[] = [];
    for (let i = 0; i < 40; i++) {
      const holder = await bus.send('cardholder-create', { name: `Holder ${i}`, phone: `+62811000${String(i).padStart(4, '0')}` }, OWNER);
      const card = await bus.send('card-create', { program: program.id, cardholder: holder.id, type: i % 2 ? 'physical' : 'virtual' }, OWNER);
      const details = await bus.send('card-reveal', { id: card.id }, OWNER);
      numbers.push(details.number);
      log.info({ card: card.id, last4: card.last4 }, 'issued');
      if (i % 5 === 0) await bus.send('card-replace', { id: card.id, reason: 'stolen' }, OWNER);
    }
    await kartu.close();
    const files = readdirSync(join(dir, 'data')).map((name) => join(dir, 'data', name));
    files.push(logPath);
    expect(files.some((f) => f.endsWith('sandbox.db'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      for (const number of numbers) {
        expect(bytes.includes(number), `${file} contains a full card number`).toBe(false);
        // Nor in UTF-16, as some tools store text.
        expect(bytes.includes(Buffer.from(number, 'utf16le').toString('latin1'))).toBe(false);
      }
    }
  });
});

describe('card vault', () => {
  const vault = createCardVault(new Uint8Array(32).fill(1));
  it('round-trips, uses a fresh IV each time, and detects tampering', () => {
    const a = vault.encrypt('6271801234567897');
    const b = vault.encrypt('6271801234567897');
    expect(a).not.toBe(b);
    expect(vault.decrypt(a)).toBe('6271801234567897');
    const parts = a.split('.');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64');
    expect(() => vault.decrypt(parts.join('.'))).toThrow();
  });
  it('derives a stable security code that changes with the expiry and the key', () => {
    const code = vault.securityCode('6271801234567897', 5, 2031);
    expect(code).toMatch(/^\d{3}$/);
    expect(vault.securityCode('6271801234567897', 5, 2031)).toBe(code);
    const other = createCardVault(new Uint8Array(32).fill(2));
    const codes = new Set([code, vault.securityCode('6271801234567897', 6, 2031), other.securityCode('6271801234567897', 5, 2031)]);
    expect(codes.size).toBeGreaterThan(1);
    expect(vault.fingerprint('6271801234567897')).toBe(vault.fingerprint('6271801234567897'));
    expect(other.fingerprint('6271801234567897')).not.toBe(vault.fingerprint('6271801234567897'));
  });
});
