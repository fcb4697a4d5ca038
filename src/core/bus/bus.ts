import { bindDirect } from '../db/direct.js';
import { declaredWrite, neutralTransaction, noteRollback } from '../db/write-journal.js';
import type { z } from 'zod';
import { sql } from 'kysely';
import { invalid, forbidden, KartuError } from '../kernel/errors.js';
import type { Actor } from './actor.js';
import { isAllowed } from './actor.js';
import type { Ctx, EngineServices } from './context.js';
import type { AnyOperation, InputOf, OutputOf } from './define.js';
import { insertEvent, type KartuEvent } from '../events/event-store.js';
import type { EventHub } from '../events/event-hub.js';
import { appendAudit } from '../audit/audit-log.js';
import { auditEvent } from '../audit/event-audit.js';
import type { Db } from '../db/database.js';

export type HandlerMap = Record<string, AnyOperation>;

/**
 * Written by the caller inside the command's own transaction, after the handler succeeded — the
 * API host's idempotency record (request key -> stored answer). The record and the writes it
 * describes then commit together, in one durable commit: no window where one exists without the
 * other, and no extra commits around the command. If it throws, the command rolls back with it.
 */
export type InTransaction = (trx: Db, output: unknown) => Promise<void>;

export interface ExecuteOptions {
  inTransaction?: InTransaction;
}

export type BatchSend<H extends HandlerMap> = <K extends keyof H & string>(name: K, input: InputOf<H[K]>) => Promise<OutputOf<H[K]>>;

/** Turns the first schema problem into the public error shape, naming the offending field. */
export function schemaError(error: z.ZodError): KartuError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  let message = issue?.message ?? 'Invalid input';
  if (issue?.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    const field = path ? `${path}.${keys[0]}` : keys[0];
    return invalid('parameter_unknown', `Received unknown parameter: ${field}`, field);
  }
  if (path) message = `Invalid ${path}: ${message}`;
  const code = issue?.code === 'invalid_type' && issue.message.includes('undefined') ? 'parameter_missing' : 'parameter_invalid';
  return invalid(code, message, path || undefined);
}

/**
 * The only way into the engine. Every host (Electron IPC, HTTP, ISO 8583, CLI) calls `execute`
 * with a command name, raw input and the caller; the bus validates, checks permission, runs the
 * handler (commands in one transaction) and publishes the events the command committed.
 */
export class Bus<H extends HandlerMap> {
  constructor(
    readonly services: EngineServices,
    readonly handlers: H,
    private readonly hub: EventHub,
  ) {}

  has(name: string): name is keyof H & string {
    return Object.hasOwn(this.handlers, name);
  }

  send<K extends keyof H & string>(name: K, input: InputOf<H[K]>, actor: Actor): Promise<OutputOf<H[K]>> {
    return this.execute(name, input, actor) as Promise<OutputOf<H[K]>>;
  }

  async execute(name: string, rawInput: unknown, actor: Actor, options: ExecuteOptions = {}): Promise<unknown> {
    const { operation, input } = this.prepare(name, rawInput, actor);
    const { inTransaction } = options;
    if (operation.kind === 'query') {
      const output = await operation.handler(this.context(this.services.db, actor, [], []), input);
      if (inTransaction) await this.services.db.transaction().execute((trx) => inTransaction(trx, output));
      return output;
    }
    const published: KartuEvent[] = [];
    const after: Array<() => void> = [];
    try {
      const before = operation.before ? await operation.before(this.services, input) : undefined;
      const result = await this.services.db.transaction().execute(async (trx) => {
        bindDirect(this.services.db, trx);
        return this.declaring(operation, input, async () => {
          const output = await this.runInside(trx, name, operation, input, actor, published, after, before);
          if (inTransaction) await inTransaction(trx, output);
          return output;
        });
      });
      this.finish(published, after);
      return result;
    } catch (error) {
      noteRollback();
      if (operation.audit && error instanceof KartuError) {
        // A refused request writes nothing but this record of the refusal: in a transaction of its
        // own, declared as touching nothing an authorization session remembers (the queue keeps
        // its session across a refused capture).
        await neutralTransaction(this.services.db, this.services.writes, (trx) => this.auditRefusal(trx, name, input, actor, error));
      }
      throw error;
    }
  }

  /**
   * Many commands in ONE durable commit, each in its own savepoint: a refused command rolls back
   * alone and its error reaches its caller; the others commit together. For bulk work (demo data,
   * imports) where one fsync per command would dominate.
   */
  async batch<T>(actor: Actor, fn: (send: BatchSend<H>) => Promise<T>): Promise<T> {
    const published: KartuEvent[] = [];
    const after: Array<() => void> = [];
    // Savepoints are named by nesting depth, not numbered per command: sequential sends reuse one
    // name, so the SQL texts stay few and the statement cache keeps the commands' own statements
    // (a fresh name per command filled it with 2 one-off texts per card and evicted everything).
    let open = 0;
    const result = await this.services.db.transaction().execute(async (trx) => {
      bindDirect(this.services.db, trx);
      const send = async (name: string, rawInput: unknown): Promise<unknown> => {
        const { operation, input } = this.prepare(name, rawInput, actor);
        if (operation.kind === 'query') return operation.handler(this.context(trx, actor, [], []), input);
        const savepoint = sql.raw(`kartu_sp_${open++}`);
        const localPublished: KartuEvent[] = [];
        const localAfter: Array<() => void> = [];
        await sql`SAVEPOINT ${savepoint}`.execute(trx);
        try {
          const before = operation.before ? await operation.before(this.services, input) : undefined;
          // Declared as in execute(): a session kept across the batch's commands (decide-many.ts)
          // forgets what the command names instead of starting cold after it.
          const output = await this.declaring(operation, input, () => this.runInside(trx, name, operation, input, actor, localPublished, localAfter, before));
          await sql`RELEASE SAVEPOINT ${savepoint}`.execute(trx);
          published.push(...localPublished);
          after.push(...localAfter);
          return output;
        } catch (error) {
          noteRollback();
          await sql`ROLLBACK TO SAVEPOINT ${savepoint}`.execute(trx);
          await sql`RELEASE SAVEPOINT ${savepoint}`.execute(trx);
          if (operation.audit && error instanceof KartuError) await this.auditRefusal(trx, name, input, actor, error);
          throw error;
        } finally {
          open--;
        }
      };
      try {
        return await fn(send as BatchSend<H>);
      } catch (error) {
        noteRollback();
        throw error;
      }
    });
    this.finish(published, after);
    return result;
  }

  /**
   * One command inside a transaction its caller holds (the authorization queue's group commit: a
   * sale's capture): validated, permission-checked, run and audited as `execute` would, its events
   * written in that transaction and handed back in `published` (and its after-commit work in
   * `after`) for the caller to publish once its commit is durable. The caller owns the savepoint
   * and what a failure undoes.
   */
  async runHeld(trx: Db, name: string, rawInput: unknown, actor: Actor, published: KartuEvent[], after: Array<() => void>): Promise<unknown> {
    const { operation, input } = this.prepare(name, rawInput, actor);
    if (operation.kind === 'query') return operation.handler(this.context(trx, actor, [], []), input);
    const before = operation.before ? await operation.before(this.services, input) : undefined;
    return this.runInside(trx, name, operation, input, actor, published, after, before);
  }

  private prepare(name: string, rawInput: unknown, actor: Actor): { operation: AnyOperation; input: unknown } {
    if (!this.has(name)) throw invalid('unknown_command', `Unknown command '${name}'`, 'command');
    const operation = this.handlers[name] as AnyOperation;
    if (!isAllowed(actor, operation.permission)) {
      throw forbidden(
        'insufficient_permissions',
        actor.type === 'api_key'
          ? `This key does not have the '${operation.permission.scope}' scope needed for ${name}.`
          : `Your role cannot do this (${name} needs ${operation.permission.role} or above).`,
      );
    }
    const parsed = operation.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw schemaError(parsed.error);
    return { operation, input: parsed.data };
  }

  /**
   * A command's work in its transaction; when the command says which cards it changed
   * (changesCards), as a declared write (db/write-journal.ts). Declared inside the transaction, the
   * connection held: nothing else can write between its stamps.
   */
  private declaring(operation: AnyOperation, input: unknown, work: () => Promise<unknown>): Promise<unknown> {
    const writes = operation.changesCards ? this.services.writes : undefined;
    if (!writes) return work();
    return declaredWrite(writes, async (touched) => {
      const output = await work();
      for (const card of operation.changesCards!(input, output)) touched.cards.add(card);
      return output;
    });
  }

  private async runInside(
    trx: Db,
    name: string,
    operation: AnyOperation,
    input: unknown,
    actor: Actor,
    published: KartuEvent[],
    after: Array<() => void>,
    before: unknown,
  ): Promise<unknown> {
    const written: Array<() => void> = [];
    const output = await operation.handler(this.context(trx, actor, published, after, written), input, before);
    if (operation.audit) {
      await appendAudit(trx, this.services.ids, this.services.clock, actor, {
        action: name,
        objectId: objectIdOf(output),
        outcome: 'ok',
        detail: { input: redactInput(input) },
      });
    }
    for (const fn of written) fn();
    return output;
  }

  private async auditRefusal(db: Db, name: string, input: unknown, actor: Actor, error: KartuError): Promise<void> {
    await appendAudit(db, this.services.ids, this.services.clock, actor, {
      action: name,
      objectId: null,
      outcome: 'refused',
      detail: { code: error.code, message: error.message, param: error.param ?? null, input: redactInput(input) },
    });
  }

  private finish(published: KartuEvent[], after: Array<() => void>): void {
    for (const event of published) this.hub.publish(event);
    for (const fn of after) fn();
  }

  // One context per command, so it is cheap to make: its two functions come from the factories
  // below rather than being written inline as named properties (a dev build that keeps function
  // names — tsx — pays a defineProperty per inline named closure, a visible share of bulk work).
  private context(db: Db, actor: Actor, published: KartuEvent[], after: Array<() => void>, written: Array<() => void> = []): Ctx {
    return { ...this.services, db, actor, emit: this.emitter(db, actor, published), afterCommit: collector(after), afterWrites: collector(written) };
  }

  private emitter(db: Db, actor: Actor, published: KartuEvent[]): Ctx['emit'] {
    const { ids, clock } = this.services;
    return async (type, objectId, data) => {
      published.push(await insertEvent(db, ids, clock, type, objectId, data));
      await auditEvent(db, ids, clock, actor, type, objectId, data);
    };
  }
}

function collector(after: Array<() => void>): (fn: () => void) => void {
  return (fn) => {
    after.push(fn);
  };
}

function objectIdOf(output: unknown): string | null {
  if (output && typeof output === 'object' && 'id' in output && typeof output.id === 'string') return output.id;
  return null;
}

/** Inputs are audited, but never a card number, PIN, security code or logo payload. */
export function redactInput(input: unknown): unknown {
  if (!input || typeof input !== 'object') return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (/^(number|pan|card_number|pin|cvc|secret)$/i.test(key)) out[key] = '[redacted]';
    else if (key === 'logo' && typeof value === 'string') out[key] = `[${value.length} chars]`;
    else if (value && typeof value === 'object' && !Array.isArray(value)) out[key] = redactInput(value);
    else out[key] = value;
  }
  return out;
}
