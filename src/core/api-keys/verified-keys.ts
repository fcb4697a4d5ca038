import type { Db } from '../db/database.js';
import { hashSecret } from '../security/secrets.js';
import { authenticateKeyHash, type AuthenticateOptions, type ApiKeyActor } from './authenticate-key.js';
import { parseSecret } from './api-key-secret.js';
import { keyRevocationGeneration } from './key-revocations.js';

/** Long enough to spare a busy client a read per request, short enough for a revocation made elsewhere. */
export const VERIFIED_KEY_TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;

interface Entry {
  actor: ApiKeyActor;
  until: number;
  generation: number;
}

/**
 * Keys verified recently, by the SHA-256 of the secret (never the secret itself), so a client
 * sending hundreds of requests a second costs one indexed read every few seconds rather than one
 * per request. An entry lives `ttlMs`: a key revoked by another process (the CLI) stops working
 * within that time; one revoked through this process's bus stops at once (key-revocations.ts).
 * Failures are never cached: an unknown key is looked up (and throttled by the host) every time.
 * One instance per host, so two hosts in one process never share entries.
 */
export class VerifiedKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number = VERIFIED_KEY_TTL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async authenticate(db: Db, secret: string, options: AuthenticateOptions = {}): Promise<ApiKeyActor | undefined> {
    const parsed = parseSecret(secret);
    if (!parsed) return undefined;
    if (options.mode && options.mode !== parsed.mode) return undefined;
    const hash = hashSecret(secret);
    const at = this.now();
    const generation = keyRevocationGeneration();
    const hit = this.entries.get(hash);
    if (hit && hit.until > at && hit.generation === generation) return hit.actor;
    if (hit) this.entries.delete(hash);
    const actor = await authenticateKeyHash(db, parsed, hash, options);
    if (actor) {
      this.entries.set(hash, { actor, until: at + this.ttlMs, generation });
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    }
    return actor;
  }
}
