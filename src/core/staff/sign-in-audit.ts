import type { Actor } from '../bus/actor.js';
import { redactInput } from '../bus/bus.js';
import type { Ctx } from '../bus/context.js';
import { appendAudit, type AuditEntry } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { KartuError } from '../kernel/errors.js';

/**
 * How someone came to be signed in: with their PIN, or vouched for by the host (the one-time
 * sign-in link of the headless host, or the desktop's OS account while nobody has a PIN yet).
 */
export type SignInMethod = 'pin' | 'host';

/** Why a session ended: the member signed out, or the host ended it (idle, expired, disabled). */
export const SIGN_OUT_REASONS = ['signed_out', 'expired', 'disabled'] as const;
export type SignOutReason = (typeof SIGN_OUT_REASONS)[number];

/**
 * Sign-in is a query (scrypt runs with no transaction open), and a refused one has nothing to roll
 * back: its record is written in a short transaction of its own, so it stays whatever the caller
 * does next. Inside a batch the caller's transaction is used instead (SQLite cannot nest them).
 */
async function append(ctx: Ctx, actor: Actor, entry: AuditEntry): Promise<void> {
  const write = (db: Db) => appendAudit(db, ctx.ids, ctx.clock, actor, entry);
  if (ctx.db.isTransaction) await write(ctx.db);
  else await ctx.db.transaction().execute(write);
}

/**
 * A successful sign-in, by the member who signed in (so the trail reads "who did it" from the
 * sign-in on). The input is redacted as every audited command's is: the PIN never reaches the log.
 */
export function auditSignIn(ctx: Ctx, staff: Actor, method: SignInMethod, input: unknown): Promise<void> {
  return append(ctx, staff, {
    action: 'staff-sign-in',
    objectId: staff.id,
    outcome: 'ok',
    detail: { method, input: redactInput(input) },
  });
}

/** A refused sign-in, by the caller (the host): the reason, the member asked for if any, never the PIN. */
export function auditSignInRefused(ctx: Ctx, method: SignInMethod, input: unknown, error: KartuError, staffId?: string): Promise<void> {
  return append(ctx, ctx.actor, {
    action: 'staff-sign-in',
    objectId: staffId ?? null,
    outcome: 'refused',
    detail: { method, code: error.code, message: error.message, param: error.param ?? null, input: redactInput(input) },
  });
}

export function auditSignOut(ctx: Ctx, staff: Actor, reason: SignOutReason): Promise<void> {
  return append(ctx, staff, { action: 'staff-sign-out', objectId: staff.id, outcome: 'ok', detail: { reason } });
}
