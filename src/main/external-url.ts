/**
 * Links leave the app only to a plain https address in the system browser: no other schemes
 * (file:, javascript:, custom protocol handlers can run programs), no credentials in the URL,
 * no raw or local hosts that could reach services on this machine or network.
 */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

export function safeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  if (url.port && url.port !== '443') return null;
  const host = url.hostname.toLowerCase();
  if (!host.includes('.') || host.endsWith('.local') || host.endsWith('.localhost') || host.endsWith('.internal')) return null;
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return null;
  return url.toString();
}
