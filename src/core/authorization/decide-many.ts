import { z } from 'zod';
import type { Ctx } from '../bus/context.js';
import { command } from '../bus/define.js';
import { recordNewDecisions } from '../reports/record-decisions.js';
import { sandboxOnly } from '../sandbox/sandbox-handlers.js';
import type { Authorization } from './authorization.js';
import { authorizationCreateSchema, checkCardOrNumber } from './authorization-handlers.js';
import { AuthorizationSession, type AuthorizeInput } from './authorization-session.js';
import { capture } from './settlement.js';
import type { Transaction } from './transaction.js';

export interface Decided {
  authorization: Authorization;
  /** The capture of an approval, when captures were asked for. */
  transaction: Transaction | null;
}

/**
 * Decides several requests, now, in the caller's transaction, through ONE AuthorizationSession:
 * later decisions see the earlier ones (balances, counters) through its caches, the decisions are
 * written by one flush and their report facts by one pass — the AuthorizationQueue's way, for a
 * caller that already holds a transaction (bulk sandbox history: the demo).
 *
 * With `capture`, each approval is captured at once, through the same `capture` as
 * authorization-capture (a sale at a counter: the purchase is posted, points and cashback earned).
 * A capture writes the card's balances behind the session's back, so after one the next request
 * starts a fresh session. The captured decision's report fact is written once, by the capture
 * (recordForReports from the database: what recordNewDecisions and then the capture's update would
 * have written together); the others' by recordNewDecisions. Any request that fails fails the
 * whole call (the bus rolls the command back), as one authorization-create would.
 */
export async function decideMany(ctx: Ctx, requests: readonly AuthorizeInput[], options: { capture?: boolean } = {}): Promise<Decided[]> {
  for (const request of requests) checkCardOrNumber(request);
  const out: Decided[] = [];
  let session = new AuthorizationSession(ctx);
  let fresh = true;
  for (const request of requests) {
    if (!fresh) {
      await finish(ctx, session);
      session = new AuthorizationSession(ctx);
    }
    fresh = true;
    const authorization = await session.authorize(request);
    if (options.capture && authorization.approved && authorization.status === 'pending') {
      // The decision must be in the database before it is captured; its fact comes with the capture.
      await session.flush();
      await emitAll(ctx, session);
      out.push({ authorization, transaction: await capture(ctx, { id: authorization.id }) });
      fresh = false;
      continue;
    }
    out.push({ authorization, transaction: null });
  }
  await finish(ctx, session);
  return out;
}

/** Writes what the session staged, the new decisions' report facts, then its events. */
async function finish(ctx: Ctx, session: AuthorizationSession): Promise<void> {
  if (session.stagedCount === 0 && session.events.length === 0) return;
  await recordNewDecisions(ctx, await session.flush());
  await emitAll(ctx, session);
}

async function emitAll(ctx: Ctx, session: AuthorizationSession): Promise<void> {
  for (const event of session.events) await ctx.emit(event.type, event.objectId, event.data);
  session.events.length = 0;
}

/**
 * Sandbox only, as a card network and its merchants would send them: purchases authorized (and,
 * with `capture`, captured at once) in one command. Used to write sandbox history in bulk.
 */
export const testHelperPurchases = command({
  input: z.strictObject({
    // By card id only: the command is audited with its input, and a card number has no place there.
    requests: z.array(authorizationCreateSchema.omit({ number: true, exp_month: true, exp_year: true })).min(1).max(500),
    capture: z.boolean().optional(),
  }),
  permission: { scope: 'authorizations:write', role: 'cashier' },
  audit: true,
  async handler(ctx, input) {
    sandboxOnly(ctx);
    const data = await decideMany(ctx, input.requests, { capture: input.capture ?? false });
    return { object: 'list' as const, data };
  },
});

export const decideManyHandlers = {
  'test-helper-purchases': testHelperPurchases,
};
