import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { ALL_SCOPES, type Actor } from '../bus/actor.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import { forbidden, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { hashSecret } from '../security/secrets.js';
import { generateSecret, secretPrefix, type ApiKeyKind } from './api-key-secret.js';
import { apiKeyFromRow, type ApiKeyView, type CreatedApiKey } from './api-key.js';
import { announceKeyRevoked } from './key-revocations.js';

/** Only an owner (or a key allowed to manage keys) creates and revokes keys; managers may look. */
const manage = { scope: 'keys:write', role: 'owner' } as const;
const look = { scope: 'keys:write', role: 'manager' } as const;

const scopeSchema = z.enum(ALL_SCOPES);

export const keyCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  /** Present: a restricted key with exactly these scopes. Absent: a full secret key ('all'). */
  scopes: z.array(scopeSchema).min(1).max(ALL_SCOPES.length).optional(),
});

/**
 * A key may hand out no more than it has: a restricted key with `keys:write` could otherwise mint
 * itself a full secret key.
 */
function assertCanGrant(actor: Actor, scopes: string[] | 'all'): void {
  if (actor.type !== 'api_key' || actor.scopes === 'all') return;
  const own = actor.scopes;
  if (scopes === 'all') throw forbidden('insufficient_permissions', 'A restricted key cannot create a full secret key.');
  const missing = scopes.find((scope) => !own.includes(scope));
  if (missing) throw forbidden('insufficient_permissions', `This key cannot grant the '${missing}' scope it does not have.`);
}

export const keyCreate = command({
  input: keyCreateSchema,
  permission: manage,
  audit: true,
  async handler(ctx, input): Promise<CreatedApiKey> {
    const scopes: string[] | 'all' = input.scopes ? [...new Set(input.scopes)].sort() : 'all';
    assertCanGrant(ctx.actor, scopes);
    const kind: ApiKeyKind = scopes === 'all' ? 'secret' : 'restricted';
    const secret = generateSecret(kind, ctx.mode);
    const row = {
      id: ctx.ids.next('key'),
      name: input.name ?? (kind === 'secret' ? 'Secret key' : 'Restricted key'),
      mode: ctx.mode,
      secret_hash: hashSecret(secret),
      prefix: secretPrefix(kind, ctx.mode),
      last4: secret.slice(-4),
      scopes: toJson(scopes),
      created_at: ctx.clock.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await ctx.db.insertInto('api_keys').values(row).execute();
    return { ...apiKeyFromRow(row), secret };
  },
});

export const keyList = query({
  input: z.strictObject({ ...listParams, status: z.enum(['active', 'revoked']).optional() }),
  permission: look,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('api_keys').selectAll();
    if (input.status === 'active') q = q.where('revoked_at', 'is', null);
    if (input.status === 'revoked') q = q.where('revoked_at', 'is not', null);
    return pageById(q, 'id', input, apiKeyFromRow);
  },
});

async function loadKey(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('API key', id, 'id');
  return row;
}

/** Revoking is final and answers the same for a key already revoked (safe to retry). */
export const keyRevoke = command({
  input: z.strictObject({ id: z.string().min(1).max(64) }),
  permission: manage,
  audit: true,
  async handler(ctx, input): Promise<ApiKeyView> {
    const row = await loadKey(ctx, input.id);
    if (row.revoked_at) return apiKeyFromRow(row);
    const revoked_at = ctx.clock.now().toISOString();
    await ctx.db.updateTable('api_keys').set({ revoked_at }).where('id', '=', row.id).execute();
    // Hosts cache verified keys for a few seconds: this drops them the moment the revocation commits.
    ctx.afterCommit(announceKeyRevoked);
    return apiKeyFromRow({ ...row, revoked_at });
  },
});

export const apiKeyHandlers = {
  'key-create': keyCreate,
  'key-list': keyList,
  'key-revoke': keyRevoke,
};
