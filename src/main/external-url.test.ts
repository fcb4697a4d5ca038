import { describe, expect, it } from 'vitest';
import { safeExternalUrl } from './external-url.js';

describe('safeExternalUrl', () => {
  it('lets plain https addresses through', () => {
    expect(safeExternalUrl('https://github.com/kartu-app/kartu#readme')).toBe('https://github.com/kartu-app/kartu#readme');
    expect(safeExternalUrl('https://docs.example.co.id:443/a?b=c')).toBe('https://docs.example.co.id/a?b=c');
  });

  it.each([
    ['http', 'http://example.com'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['credentials', 'https://user:pw@example.com'],
    ['odd port', 'https://example.com:8443/'],
    ['localhost', 'https://localhost/'],
    ['.local host', 'https://printer.local/'],
    ['raw IPv4', 'https://192.168.1.1/'],
    ['raw IPv6', 'https://[::1]/'],
    ['not a URL', 'not a url'],
    ['not a string', 42],
    ['too long', `https://example.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (_label, url) => {
    expect(safeExternalUrl(url)).toBeNull();
  });
});
