/**
 * What the cashier typed or scanned, and how to look it up:
 * - a card id (the QR code on a Kartu card carries it): open that card;
 * - 12 to 19 digits: a full card number (found through its fingerprint, never stored in clear);
 * - exactly 4 digits: the last 4 of a card;
 * - anything else: a name, phone or e-mail search.
 */
export type Lookup =
  | { kind: 'card_id'; id: string }
  | { kind: 'number'; number: string }
  | { kind: 'last4'; last4: string }
  | { kind: 'text'; query: string }
  | { kind: 'empty' };

export function classifyLookup(raw: string): Lookup {
  const text = raw.trim();
  if (text === '') return { kind: 'empty' };
  // Scanners may wrap the payload (a URL-ish prefix or spaces): the card id is what counts.
  const card = /(?:^|[^a-z0-9_])(card_[0-9a-z]{6,40})\s*$/i.exec(text) ?? /^(card_[0-9a-z]{6,40})$/i.exec(text);
  if (card) return { kind: 'card_id', id: card[1]!.toLowerCase() };
  const digits = text.replace(/[\s-]/g, '');
  if (/^\d{12,19}$/.test(digits) && !/^(0|\+?62)8/.test(text)) return { kind: 'number', number: digits };
  if (/^\d{4}$/.test(digits)) return { kind: 'last4', last4: digits };
  return { kind: 'text', query: phoneQuery(text) };
}

/**
 * Phones are stored as +62812…; cashiers type 0812… . Searching the digits after the leading 0
 * (or +62) finds both ways of writing it.
 */
export function phoneQuery(text: string): string {
  const compact = text.replace(/[\s().-]/g, '');
  if (/^0\d{6,14}$/.test(compact)) return compact.slice(1);
  if (/^\+?62\d{6,14}$/.test(compact)) return compact.replace(/^\+?62/, '');
  return text.trim();
}

/** A phone as typed at the counter, in the E.164 form the engine keeps (+62 for Indonesian numbers). */
export function toE164(text: string): string {
  const compact = text.replace(/[\s().-]/g, '');
  if (compact === '') return '';
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('62')) return `+${compact}`;
  if (compact.startsWith('0')) return `+62${compact.slice(1)}`;
  return compact;
}
