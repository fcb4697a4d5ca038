import type { Clock } from '../kernel/clock.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { Random } from '../kernel/random.js';
import type { CardVault } from '../security/card-vault.js';
import type { Db } from '../db/database.js';
import type { WriteNotices } from '../db/write-journal.js';
import type { Actor } from './actor.js';
import type { Logger } from '../kernel/logger.js';
import type { OffsetClock } from '../kernel/clock.js';
import type { SandboxNetwork } from '../network/sandbox/sandbox-network.js';

export type Mode = 'test' | 'live';

/** What the engine is made of: one per database (sandbox or live). */
export interface EngineServices {
  mode: Mode;
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  random: Random;
  vault: CardVault;
  log: Logger;
  /** Where commands that declare what they change say so (the authorization queue listens). */
  writes?: WriteNotices;
  /** Only in the sandbox engine: the controls of the simulated world (clock, card network). */
  sandbox?: SandboxControls;
}

export interface SandboxControls {
  clock: OffsetClock;
  network: SandboxNetwork;
}

/** What a handler sees: the services, the caller, and `db` bound to the command's transaction. */
export interface Ctx extends EngineServices {
  actor: Actor;
  /** Events are written in the command's transaction and published after it commits. */
  emit(type: string, objectId: string, data: Record<string, unknown>): Promise<void>;
  /** Called after commit only. */
  afterCommit(fn: () => void): void;
  /**
   * Called inside the transaction once the command's own writes, its audit record included, are
   * done (a cache of what the database now holds, kept for the next command in a batch).
   */
  afterWrites(fn: () => void): void;
}
