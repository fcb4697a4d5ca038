import { isLuhnValid } from '../../kernel/luhn.js';
import type { CardVault } from '../../security/card-vault.js';

export const BLOCKLIST_KINDS = ['card', 'merchant', 'mcc', 'country', 'email_domain', 'phone'] as const;
export type BlocklistKind = (typeof BLOCKLIST_KINDS)[number];

/** Names a file may use for a kind. */
const KIND_ALIASES: Readonly<Record<string, BlocklistKind>> = {
  card: 'card', card_number: 'card', pan: 'card', number: 'card',
  merchant: 'merchant', merchant_id: 'merchant',
  mcc: 'mcc', category: 'mcc',
  country: 'country',
  email_domain: 'email_domain', domain: 'email_domain', email: 'email_domain',
  phone: 'phone', phone_number: 'phone', msisdn: 'phone',
};

export function kindFromText(text: string): BlocklistKind | null {
  return KIND_ALIASES[text.trim().toLowerCase().replace(/[\s-]+/g, '_')] ?? null;
}

export type Normalized = { ok: true; value: string; label: string } | { ok: false; error: string };

/** Indonesian numbers are often written 0812...; the cardholders table keeps E.164 (+62812...). */
export function normalizePhone(text: string): string | null {
  const compact = text.replace(/[\s().-]/g, '');
  let e164: string;
  if (/^\+[1-9]\d{6,14}$/.test(compact)) e164 = compact;
  else if (/^00[1-9]\d{6,14}$/.test(compact)) e164 = `+${compact.slice(2)}`;
  else if (/^0[1-9]\d{6,13}$/.test(compact)) e164 = `+62${compact.slice(1)}`;
  else if (/^62\d{7,13}$/.test(compact)) e164 = `+${compact}`;
  else return null;
  return e164;
}

export function emailDomainOf(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  return at < 0 ? null : email.slice(at + 1).toLowerCase();
}

/**
 * One value of a kind, as stored and matched. A card number becomes the vault's keyed fingerprint
 * (the one the cards table uses, so a listed number matches an issued card directly); only its
 * last four digits are kept to show.
 */
export function normalizeEntry(kind: BlocklistKind, raw: string, vault: CardVault): Normalized {
  const text = raw.trim();
  if (!text) return { ok: false, error: 'the value is empty' };
  switch (kind) {
    case 'card': {
      const digits = text.replace(/[\s-]/g, '');
      if (!/^\d{12,19}$/.test(digits)) return { ok: false, error: 'a card number has 12 to 19 digits' };
      if (!isLuhnValid(digits)) return { ok: false, error: 'not a valid card number (the Luhn check digit is wrong)' };
      return { ok: true, value: vault.fingerprint(digits), label: `${digits.slice(0, 6)}••••${digits.slice(-4)}` };
    }
    case 'merchant':
      if (text.length > 64 || !/^[\x20-\x7e]+$/.test(text)) return { ok: false, error: 'a merchant id is up to 64 printable ASCII characters' };
      return { ok: true, value: text, label: text };
    case 'mcc':
      if (!/^\d{4}$/.test(text)) return { ok: false, error: 'an MCC is 4 digits' };
      return { ok: true, value: text, label: text };
    case 'country': {
      const code = text.toUpperCase();
      if (!/^[A-Z]{2}$/.test(code)) return { ok: false, error: 'a country is an ISO 3166 alpha-2 code (e.g. ID)' };
      return { ok: true, value: code, label: code };
    }
    case 'email_domain': {
      const domain = text.replace(/^.*@/, '').toLowerCase();
      if (domain.length > 253 || !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) {
        return { ok: false, error: 'not an e-mail domain (e.g. example.com)' };
      }
      return { ok: true, value: domain, label: domain };
    }
    case 'phone': {
      const phone = normalizePhone(text);
      if (!phone) return { ok: false, error: 'not a phone number (E.164, e.g. +6281234567890, or 0812...)' };
      return { ok: true, value: phone, label: phone };
    }
  }
}
