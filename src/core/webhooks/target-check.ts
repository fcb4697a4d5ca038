import { isIP } from 'node:net';

/**
 * A webhook target must be on this machine (loopback) or on a host the owner allowed by name:
 * Kartu must not become a way to reach into the merchant's network (SSRF).
 */
export function webhookTargetProblem(rawUrl: string, allowedHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username || url.password) return 'must not contain credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopback(host)) return null;
  if (allowedHosts.map((h) => h.toLowerCase()).includes(host)) return null;
  return `must be on this machine (127.0.0.1, ::1, localhost) or on a host in the webhook allow-list; ${host} is not`;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
