import type { IncomingMessage } from 'node:http';
import type { Kartu } from '../../core/kartu.js';
import type { Actor } from '../../core/bus/actor.js';
import type { Engine } from '../../core/engine.js';
import { VerifiedKeys } from '../../core/api-keys/verified-keys.js';
import { parseSecret } from '../../core/api-keys/api-key-secret.js';
import { HttpError } from '../http/http-error.js';
import { AuthThrottle, sleep } from './auth-throttle.js';

export type ApiKeyActor = Extract<Actor, { type: 'api_key' }>;

/** `Authorization: Bearer <key>`, or HTTP Basic with the key as user name (`curl -u key:`). */
export function credentialOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer') return value;
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? decoded : decoded.slice(0, colon);
  }
  return '';
}

const unauthorized = (code: string, message: string): HttpError =>
  new HttpError(401, { type: 'authentication_error', code, message }, { 'WWW-Authenticate': 'Bearer realm="Kartu"' });

/**
 * Finds the caller of a /v1 request. The key's prefix picks the database (a test key is looked up
 * only in sandbox.db, a live key only in live.db), so a test key can never see live data. Failed
 * attempts from one address with one key prefix are answered more and more slowly.
 */
export class ApiAuthenticator {
  /** Verified keys for a few seconds: most requests cost no database read to authenticate. */
  private readonly verified = new VerifiedKeys();

  constructor(
    private readonly kartu: Kartu,
    private readonly throttle: AuthThrottle,
  ) {}

  async authenticate(req: IncomingMessage): Promise<{ actor: ApiKeyActor; engine: Engine }> {
    const credential = credentialOf(req);
    if (credential === undefined) {
      throw unauthorized('missing_api_key', 'No API key provided. Send it as `Authorization: Bearer kartu_test_...` (create one with `npm run -s kartu -- keys create`).');
    }
    const source = `${req.socket.remoteAddress ?? '?'}|${credential.slice(0, 16)}`;
    const parsed = parseSecret(credential);
    if (parsed) {
      const engine = this.kartu.engine(parsed.mode);
      const actor = await this.verified.authenticate(engine.services.db, credential, { mode: parsed.mode, now: engine.services.clock.now(), writes: engine.services.writes });
      if (actor) {
        this.throttle.succeed(source);
        return { actor, engine };
      }
    }
    await sleep(this.throttle.fail(source));
    throw unauthorized('invalid_api_key', 'Invalid API key: it is unknown, revoked, or mistyped.');
  }
}
