import type { Clock } from './kernel/clock.js';
import { idGenerator, type IdGenerator } from './kernel/ids.js';
import { cryptoRandom, type Random } from './kernel/random.js';
import type { Logger } from './kernel/logger.js';
import { silentLogger } from './kernel/logger.js';
import type { CardVault } from './security/card-vault.js';
import { openSqliteDatabase, type OpenedDatabase } from './db/open-sqlite.js';
import { Bus } from './bus/bus.js';
import type { EngineServices, Mode, SandboxControls } from './bus/context.js';
import { EventHub } from './events/event-hub.js';
import { handlers, type Handlers } from './handlers.js';

/** One database (sandbox or live) with its bus. The two never share data. */
export interface Engine {
  mode: Mode;
  services: EngineServices;
  bus: Bus<Handlers>;
  events: EventHub;
  database: OpenedDatabase;
  close(): Promise<void>;
}

export interface EngineOptions {
  mode: Mode;
  path: string;
  clock: Clock;
  vault: CardVault;
  random?: Random;
  ids?: IdGenerator;
  log?: Logger;
  sandbox?: SandboxControls;
  /** WAL checkpoints on a worker thread (the headless host and benchmarks; not inside Electron). */
  backgroundCheckpoints?: boolean;
}

export async function openEngine(options: EngineOptions): Promise<Engine> {
  const log = options.log ?? silentLogger;
  const database = await openSqliteDatabase({
    path: options.path,
    backgroundCheckpoints: options.backgroundCheckpoints ?? false,
    onCheckpointError: (message) => log.warn({ path: options.path, message }, 'WAL checkpoint worker'),
  });
  const random = options.random ?? cryptoRandom;
  const services: EngineServices = {
    mode: options.mode,
    db: database.db,
    clock: options.clock,
    ids: options.ids ?? idGenerator(options.clock, random),
    random,
    vault: options.vault,
    log,
    writes: { stamp: database.writeStamp, declared: database.writes },
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  };
  const events = new EventHub();
  const bus = new Bus(services, handlers, events);
  return {
    mode: options.mode,
    services,
    bus,
    events,
    database,
    close: () => database.close(),
  };
}
