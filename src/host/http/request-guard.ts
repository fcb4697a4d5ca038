import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * A server on 127.0.0.1 is reachable by every web page the user opens. Two checks keep other
 * sites out:
 * - DNS rebinding: a hostile name re-pointed at 127.0.0.1 reaches us with its own name in the
 *   Host header, so only our own names are accepted (421 otherwise);
 * - CSRF: a browser says where a request comes from in Origin; only our own origin is accepted
 *   (403 otherwise). Requests without Origin (curl, SDKs, top-level navigations) pass.
 */
export class RequestGuard {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(port: number, bindHost: string, extraHosts: readonly string[] = []) {
    const names = ['127.0.0.1', 'localhost', '[::1]'];
    if (!isWildcard(bindHost)) names.push(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
    const hosts = new Set<string>();
    for (const name of [...names, ...extraHosts]) {
      const lower = name.toLowerCase();
      // An extra host given with its port is taken as is; a bare name gets ours.
      hosts.add(/:\d+$/.test(lower) && !lower.endsWith(']') ? lower : `${lower}:${port}`);
    }
    this.hosts = hosts;
    this.origins = new Set([...hosts].map((host) => `http://${host}`));
  }

  allowedHosts(): string[] {
    return [...this.hosts];
  }

  check(req: IncomingMessage): void {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!this.hosts.has(host)) {
      throw new HttpError(421, {
        type: 'invalid_request_error',
        code: 'host_not_allowed',
        message: `This Kartu host answers only to ${[...this.hosts].join(', ')}, not to '${host}'.`,
      });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins.has(origin.toLowerCase())) {
      throw new HttpError(403, {
        type: 'permission_error',
        code: 'origin_not_allowed',
        message: 'Requests from other web sites are refused.',
      });
    }
  }

  /**
   * For the session-bound endpoints: a browser that says the request comes from another site
   * (Sec-Fetch-Site) is refused, even where it sent no Origin.
   */
  checkSameSite(req: IncomingMessage): void {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new HttpError(403, { type: 'permission_error', code: 'cross_site_request', message: 'Requests from other web sites are refused.' });
    }
  }
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}
