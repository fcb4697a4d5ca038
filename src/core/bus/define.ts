import type { z } from 'zod';
import type { Permission } from './actor.js';
import type { Ctx, EngineServices } from './context.js';

/**
 * A command changes data and runs in one transaction: if it throws, nothing it wrote stays.
 * A query only reads.
 */
export interface Operation<S extends z.ZodType, R, B = undefined> {
  kind: 'command' | 'query';
  input: S;
  permission: Permission;
  /** Audit the attempt (successful or refused) in the tamper-evident log. */
  audit?: boolean;
  /**
   * Slow work done BEFORE the command's transaction opens (asking the card network, which may take
   * its whole deadline): the engine has one connection, so a transaction held across I/O would
   * stall every other write. Its result is the handler's third argument. (Inside `bus.batch` the
   * transaction is already open; batches are for bulk work, not counters.)
   */
  before?(services: EngineServices, input: z.output<S>): Promise<B>;
  handler(ctx: Ctx, input: z.output<S>, before?: B): Promise<R>;
  /**
   * Declares that, of the state authorization sessions remember between group commits, this
   * command changes only ledger balances and window counters (which the write journal records by
   * itself: db/write-journal.ts) and the cards it returns here (their rows, cardholder or risk
   * state). The authorization queue then forgets just those and keeps the rest of its session.
   * Absent: the command may change anything, and the queue's next batch starts afresh. A wrong
   * declaration makes decisions read stale state: queue-kept-session.test.ts compares a kept
   * session's decisions with fresh ones' across every declared command.
   */
  changesCards?(input: z.output<S>, output: R): readonly string[];
}

export function command<S extends z.ZodType, R, B = undefined>(def: Omit<Operation<S, R, B>, 'kind'>): Operation<S, R, B> {
  return { kind: 'command', ...def };
}

export function query<S extends z.ZodType, R>(def: Omit<Operation<S, R>, 'kind'>): Operation<S, R> {
  return { kind: 'query', ...def };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any, any>;
export type InputOf<O> = O extends Operation<infer S, unknown, any> ? z.input<S> : never;
export type OutputOf<O> = O extends Operation<z.ZodType, infer R, any> ? R : never;
