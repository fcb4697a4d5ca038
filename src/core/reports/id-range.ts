/**
 * The smallest id of a kind created at or after an instant: ids sort by creation time
 * (kernel/ids.ts: the prefix, then 10 Crockford base32 digits of milliseconds), so a time range of
 * events is an id range of the (type, id) index, read without visiting rows outside it.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function idAtOrAfter(prefix: string, ms: number): string {
  let out = '';
  let rest = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return `${prefix}_${out}`;
}
