import { z } from 'zod';
import type { Ctx } from '../bus/context.js';
import { command } from '../bus/define.js';
import { recordNewDecisions } from '../reports/record-decisions.js';
import { sandboxOnly } from '../sandbox/sandbox-handlers.js';
import type { Authorization } from './authorization.js';
import { authorizationCreateSchema, checkCardOrNumber } from './authorization-handlers.js';
import { AuthorizationSession, type AuthorizeInput } from './authorization-session.js';
import { capture } from './settlement.js';
import { rollbackCount, withJournal, type DeclaredWrites } from '../db/write-journal.js';
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
 * With \`capture\`, each approval is captured at once, through the same \`capture\` as
 * authorization-capture (a sale at a counter: the purchase is posted, points and cashback earned).
 * The capture runs through the same session (its card, funds and the hold are cached there), with
 * a write journal open (db/write-journal.ts): whatever it wrote around the session is forgotten, as
 * the queue's session does after a declared command. The captured decision's report fact is written once, by
 * the capture (recordForReports from the database: what recordNewDecisions and then the capture's
 * update would have written together); the others' by recordNewDecisions. Any request that fails
 * fails the whole call (the bus rolls the command back), as one authorization-create would.
 *
 * The session is also kept from one call to the next inside the same transaction (the demo sends
 * a day of sales as many commands in one \`bus.batch\`), while the write stamp shows that nothing
 * else wrote in between and nothing was rolled back.
 */
export async function decideMany(ctx: Ctx, requests: readonly AuthorizeInput[], options: { capture?: boolean } = {}): Promise<Decided[]> {
  for (const request of requests) checkCardOrNumber(request);
  const out: Decided[] = [];
  const session = sessionFor(ctx);
  for (const request of requests) {
    const authorization = await session.authorize(request);
    if (options.capture && authorization.approved && authorization.status === 'pending') {
      // The decision must be in the database before it is captured; its fact comes with the
      // capture. Decisions staged before it (declined ones) get theirs now.
      const written = await session.flush();
      await recordNewDecisions(ctx, written.filter((row) => row.id !== authorization.id));
      await emitAll(ctx, session);
      const transaction = await withJournal(async (touched) => {
        const captured = await capture(ctx, { id: authorization.id }, session);
        // The capture went through the session; anything it wrote around it is forgotten.
        session.forgetOthers(touched);
        return captured;
      });
      // Per-decision state (replayed client ids) starts again: the capture changed the row.
      session.begin(ctx.db);
      out.push({ authorization, transaction });
      continue;
    }
    out.push({ authorization, transaction: null });
  }
  await finish(ctx, session);
  // Kept as the database stands after the command's audit record.
  ctx.afterWrites(() => keep(ctx, session));
  return out;
}

/**
 * Per database: the session of the last call, the transaction it was made in, and the write stamp
 * and rollback count right after it. A declared write since (a top-up or a redemption between two
 * days of sales in the demo's batch) moves the stamp on and makes the session forget what it
 * names, as the authorization queue's session does; any other write ends it.
 */
interface Kept {
  db: object;
  session: AuthorizationSession;
  stamp: string;
  rollbacks: number;
}
const kept = new WeakMap<DeclaredWrites, Kept>();
const heard = new WeakSet<DeclaredWrites>();

/** How often a call started with a fresh session (the first in a transaction, or after another write). */
export const decideManyStats = { freshSessions: 0 };

function sessionFor(ctx: Ctx): AuthorizationSession {
  const last = ctx.writes ? kept.get(ctx.writes.declared) : undefined;
  if (ctx.writes) kept.delete(ctx.writes.declared);
  if (last && ctx.writes && last.db === ctx.db && !last.session.oversized && last.stamp === ctx.writes.stamp() && last.rollbacks === rollbackCount()) {
    last.session.begin(ctx.db);
    return last.session;
  }
  decideManyStats.freshSessions++;
  return new AuthorizationSession(ctx);
}

function keep(ctx: Ctx, session: AuthorizationSession): void {
  if (!ctx.writes) return;
  const declared = ctx.writes.declared;
  kept.set(declared, { db: ctx.db, session, stamp: ctx.writes.stamp(), rollbacks: rollbackCount() });
  if (heard.has(declared)) return;
  heard.add(declared);
  declared.on(({ before, after, touched }) => {
    const entry = kept.get(declared);
    if (!entry) return;
    if (entry.stamp !== before) {
      kept.delete(declared);
      return;
    }
    entry.session.forget(touched);
    entry.stamp = after;
  });
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
