import type { z } from 'zod';
import type { Permission } from './actor.js';
import type { Ctx } from './context.js';

/**
 * A command changes data and runs in one transaction: if it throws, nothing it wrote stays.
 * A query only reads.
 */
export interface Operation<S extends z.ZodType, R> {
  kind: 'command' | 'query';
  input: S;
  permission: Permission;
  /** Audit the attempt (successful or refused) in the tamper-evident log. */
  audit?: boolean;
  handler(ctx: Ctx, input: z.output<S>): Promise<R>;
}

export function command<S extends z.ZodType, R>(def: Omit<Operation<S, R>, 'kind'>): Operation<S, R> {
  return { kind: 'command', ...def };
}

export function query<S extends z.ZodType, R>(def: Omit<Operation<S, R>, 'kind'>): Operation<S, R> {
  return { kind: 'query', ...def };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;
export type InputOf<O> = O extends Operation<infer S, unknown> ? z.input<S> : never;
export type OutputOf<O> = O extends Operation<z.ZodType, infer R> ? R : never;
