import { sql } from 'kysely';
import type { Engine } from '../engine.js';
import type { Actor } from '../bus/actor.js';
import { isAllowed } from '../bus/actor.js';
import { schemaError } from '../bus/bus.js';
import { toJson } from '../db/database.js';
import { bindDirect } from '../db/direct.js';
import { forbidden } from '../kernel/errors.js';
import { eventWithData, insertEventRow, type KartuEvent } from '../events/event-store.js';
import type { Authorization } from './authorization.js';
import { AuthorizationSession, type AuthorizeInput } from './authorization-session.js';
import { recordNewDecisions } from '../reports/record-decisions.js';
import { authorizationCreate, authorizationCreateSchema, checkCardOrNumber } from './authorization-handlers.js';
import type { Transaction } from './transaction.js';
import type { Db } from '../db/database.js';
import type { AuthorizationRow } from '../ledger/tables.js';
import { noteRollback, withJournal } from '../db/write-journal.js';

/** A decision, and for a sale its capture (null when declined, or when the capture failed). */
export interface Sold {
  authorization: Authorization;
  capture: Transaction | null;
}

interface Waiting {
  input: AuthorizeInput;
  actor: Actor;
  /** A sale (single-message purchase): the tag of its capture's client id (`<authorization id>:<tag>`). */
  sale: string | null;
  resolve(value: Sold): void;
  reject(error: unknown): void;
}

export interface AuthorizationQueueOptions {
  /** Most decisions in one commit (bounds the transaction and the latency of the last one). */
  maxBatch?: number;
  /**
   * How long the first request of a batch waits for company. 0 (default): no timer at all; the
   * batch is whatever arrived while the previous commit was being made durable ("natural"
   * batching: idle -> one decision per commit at once; busy -> many per commit).
   */
  maxWaitMs?: number;
}

export interface QueueStats {
  decisions: number;
  commits: number;
  fallbacks: number;
  largestBatch: number;
  /** Batches that started with a fresh session (the first, and each after another write). */
  freshSessions: number;
}


/**
 * Group commit for authorization decisions. With synchronous=FULL every commit waits for the
 * disk; one commit per decision caps throughput at the disk's fsync rate. The queue collects the
 * requests that arrive while a commit is in flight and decides them all in ONE transaction: each
 * decision sees the ones before it (balances, limits, client ids) through the session's caches,
 * and a decision that fails is undone in memory without touching the others. Every caller's
 * promise resolves only after the commit returned, so an answered decision is durable.
 *
 * If the shared commit itself fails (a constraint the session did not foresee, e.g. another
 * process wrote meanwhile), every request of the batch is retried alone through the bus, so one
 * bad request cannot sink its neighbours.
 */
export class AuthorizationQueue {
  private waiting: Waiting[] = [];
  private running = false;
  private scheduled = false;
  private closed = false;
  private idle: Array<() => void> = [];
  readonly stats: QueueStats = { decisions: 0, commits: 0, fallbacks: 0, largestBatch: 0, freshSessions: 0 };
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  /** The session of the last commit and the database's write stamp right after it. */
  private kept: { session: AuthorizationSession; stamp: string } | null = null;
  private readonly stopHearing: () => void;
  /** Committed batches waiting for their fsync before their callers are answered. */
  private readonly unanswered = new Set<Promise<void>>();

  constructor(
    private readonly engine: Engine,
    options: AuthorizationQueueOptions = {},
  ) {
    this.maxBatch = Math.max(1, Math.min(options.maxBatch ?? 512, 5_000));
    this.maxWaitMs = Math.max(0, Math.min(options.maxWaitMs ?? 0, 50));
    // A write that says what it changed, made right after the kept state, keeps the rest of it
    // true: the session forgets what the write names and survives it (the API's idempotency
    // records, captures, refunds, top-ups between batches: see db/write-journal.ts).
    this.stopHearing = engine.database.writes.on(({ before, after, touched }) => {
      if (!this.kept || this.kept.stamp !== before) return;
      this.kept.session.forget(touched);
      this.kept = { session: this.kept.session, stamp: after };
    });
  }

  /** Validated and permission-checked at once (refusals never wait), decided in the next batch. */
  submit(rawInput: unknown, actor: Actor): Promise<Authorization> {
    return this.enqueue(rawInput, actor, null).then((sold) => sold.authorization);
  }

  /**
   * A single-message purchase (ISO 8583 0200): decided like `submit`, and when approved captured
   * in the SAME commit by the authorization-capture command (audited, earning points and cashback
   * as always), with client id `<authorization id>:<captureTag>`. The caller learns of the
   * approval only once the sale is durable as a whole: no approved sale is ever left uncaptured by
   * a crash between two commits. A capture that fails is undone alone (its savepoint) and logged:
   * the approval stands with its hold, as for an authorization-only purchase.
   */
  sell(rawInput: unknown, actor: Actor, captureTag: string): Promise<Sold> {
    return this.enqueue(rawInput, actor, captureTag);
  }

  private enqueue(rawInput: unknown, actor: Actor, sale: string | null): Promise<Sold> {
    if (this.closed) return Promise.reject(new Error('the authorization queue is closed'));
    if (!isAllowed(actor, authorizationCreate.permission)) {
      return Promise.reject(forbidden('insufficient_permissions', "This caller may not create authorizations (authorizations:write)."));
    }
    const parsed = authorizationCreateSchema.safeParse(rawInput ?? {});
    if (!parsed.success) return Promise.reject(schemaError(parsed.error));
    try {
      checkCardOrNumber(parsed.data);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<Sold>((resolve, reject) => {
      this.waiting.push({ input: parsed.data, actor, sale, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything submitted so far is decided and durable. */
  async drain(): Promise<void> {
    if (this.running || this.waiting.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    while (this.unanswered.size > 0) await Promise.allSettled([...this.unanswered]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
    this.stopHearing();
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    const run = (): void => {
      this.scheduled = false;
      void this.runBatches();
    };
    if (this.maxWaitMs > 0) setTimeout(run, this.maxWaitMs);
    else setImmediate(run);
  }

  private async runBatches(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        await this.commit(batch);
        // better-sqlite3 answers synchronously, so without this turn of the event loop a caller
        // that resubmits as soon as it is answered would keep the loop in microtasks forever:
        // sockets would not be read, timers would not fire. The turn also lets requests that
        // arrived during the commit join the next batch.
        if (this.waiting.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
      if (this.waiting.length > 0) this.schedule();
      else for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    const { services } = this.engine;
    const outcomes: Array<{ ok: true; value: Sold } | { ok: false; error: unknown }> = [];
    let published: KartuEvent[] = [];
    let afterCommit: Array<() => void> = [];
    let session: AuthorizationSession | null = null;
    let stampAfter = '';
    let durable: Promise<void>;
    try {
      ({ durable } = await this.engine.database.transactionSyncedLater(async (trx) => {
        bindDirect(services.db, trx);
        // Checked and taken inside the transaction, where no other write can come between.
        session = this.sessionForNextBatch();
        this.kept = null;
        session.begin(trx);
        outcomes.length = 0;
        published = [];
        afterCommit = [];
        for (const item of batch) {
          let authorization: Authorization;
          try {
            authorization = await session.authorize(item.input);
          } catch (error) {
            outcomes.push({ ok: false, error });
            continue;
          }
          // Outside the request's own try: failing to write the decisions so far fails the whole
          // batch (then decided one by one), never only this request; a failing capture is undone
          // alone, inside.
          const capture = item.sale !== null && authorization.approved && authorization.status === 'pending' ? await this.captureInBatch(trx, session, authorization, item, published, afterCommit) : null;
          outcomes.push({ ok: true, value: { authorization, capture } });
        }
        await this.writeDecisions(trx, session, published);
        stampAfter = this.engine.database.writeStamp();
      }));
      if (session) this.kept = { session, stamp: stampAfter };
    } catch (error) {
      this.kept = null;
      services.log.warn({ err: error, size: batch.length }, 'group commit failed; deciding the batch one by one');
      this.stats.fallbacks++;
      await this.oneByOne(batch);
      return;
    }
    this.stats.commits++;
    this.stats.decisions += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    // Answered (and announced) only once the commit is on the disk; the next batch is decided
    // meanwhile. Its own commit lands after this one in the log, so it is never durable first.
    const answer = durable.then(
      () => {
        for (const event of published) this.engine.events.publish(event);
        for (const fn of afterCommit) fn();
        batch.forEach((item, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        });
      },
      (error: unknown) => {
        // Committed but not known to be on the disk: nobody may be told it was approved. A replay
        // with the same client_id returns the decision once the disk works again.
        services.log.error({ err: error, size: batch.length }, 'the disk did not confirm a group commit');
        const failure = new Error(`the disk did not confirm the commit of ${batch.length} decisions: ${String(error)}`);
        for (const item of batch) item.reject(failure);
      },
    );
    this.unanswered.add(answer);
    void answer.finally(() => this.unanswered.delete(answer));
  }

  /**
   * What the session staged (decisions, holds, counters), their report facts in one pass, then
   * their events. `except`: a decision whose fact is left out (a sale's: its capture writes it);
   * its written row is returned, for when the capture fails.
   */
  private async writeDecisions(trx: Db, session: AuthorizationSession, published: KartuEvent[], except?: string): Promise<AuthorizationRow | undefined> {
    const { services } = this.engine;
    const written = await session.flush();
    const left = except === undefined ? undefined : written.find((row) => row.id === except);
    await recordNewDecisions({ db: trx, clock: services.clock }, left === undefined ? written : written.filter((row) => row !== left));
    const at = services.clock.now().toISOString();
    for (const e of session.events) {
      const row = { id: services.ids.next('evt'), type: e.type, object_id: e.objectId, created_at: at };
      await insertEventRow.execute(trx, { ...row, data: toJson(e.data) });
      published.push(eventWithData(row, e.data));
    }
    session.events.length = 0;
    return left;
  }

  /**
   * A sale's capture inside the batch: the decisions so far are written first (the capture reads
   * its authorization from the database, and its events come after the decision's), then the
   * authorization-capture command runs in a savepoint of the batch's transaction. Its report fact
   * is written by the capture (as decide-many does: once, with the capture). It goes around the
   * session (its own session, its own ledger batch): whatever it changed, the session forgets.
   */
  private async captureInBatch(trx: Db, session: AuthorizationSession, authorization: Authorization, item: Waiting, published: KartuEvent[], afterCommit: Array<() => void>): Promise<Transaction | null> {
    const decided = await this.writeDecisions(trx, session, published, authorization.id);
    const events: KartuEvent[] = [];
    const after: Array<() => void> = [];
    await sql`SAVEPOINT kartu_sale`.execute(trx);
    try {
      const capture = await withJournal(async (touched) => {
        try {
          return (await this.engine.bus.runHeld(trx, 'authorization-capture', { id: authorization.id, client_id: `${authorization.id}:${item.sale}` }, item.actor, events, after)) as Transaction;
        } finally {
          session.forget(touched);
        }
      });
      await sql`RELEASE SAVEPOINT kartu_sale`.execute(trx);
      published.push(...events);
      afterCommit.push(...after);
      return capture;
    } catch (error) {
      noteRollback();
      await sql`ROLLBACK TO SAVEPOINT kartu_sale`.execute(trx);
      await sql`RELEASE SAVEPOINT kartu_sale`.execute(trx);
      // The decision stands, held: its report fact, left for the capture to write, is written now.
      if (decided) await recordNewDecisions({ db: trx, clock: this.engine.services.clock }, [decided]);
      this.engine.services.log.error({ err: error, authorization: authorization.id }, 'capturing an approved sale failed: the hold stays for the settlement file');
      return null;
    } finally {
      // The capture changed the authorization's row: replayed client ids are read again.
      session.begin(trx);
    }
  }

  /**
   * The last commit's session while the database is exactly as that commit left it (its memory of
   * cards, counters, balances and risk state is then true), else a fresh one.
   */
  private sessionForNextBatch(): AuthorizationSession {
    const kept = this.kept;
    if (kept && !kept.session.oversized && kept.stamp === this.engine.database.writeStamp()) return kept.session;
    this.stats.freshSessions++;
    return new AuthorizationSession(this.engine.services);
  }

  private async oneByOne(batch: Waiting[]): Promise<void> {
    for (const item of batch) {
      try {
        const authorization = (await this.engine.bus.execute('authorization-create', item.input, item.actor)) as Authorization;
        this.stats.commits++;
        this.stats.decisions++;
        item.resolve({ authorization, capture: item.sale !== null && authorization.approved ? await this.captureAlone(authorization, item) : null });
      } catch (error) {
        item.reject(error);
      }
    }
  }

  /** A sale decided alone (after a failed group commit): its capture in a commit of its own. */
  private async captureAlone(authorization: Authorization, item: Waiting): Promise<Transaction | null> {
    try {
      return (await this.engine.bus.execute('authorization-capture', { id: authorization.id, client_id: `${authorization.id}:${item.sale}` }, item.actor)) as Transaction;
    } catch (error) {
      this.engine.services.log.error({ err: error, authorization: authorization.id }, 'capturing an approved sale failed: the hold stays for the settlement file');
      return null;
    }
  }
}
