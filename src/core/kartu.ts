import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { offsetClock, systemClock, type Clock, type OffsetClock } from './kernel/clock.js';
import type { Random } from './kernel/random.js';
import type { Logger } from './kernel/logger.js';
import { createCardVault } from './security/card-vault.js';
import { loadOrCreateKeyFile } from './security/key-file.js';
import { DatabaseOpenError } from './db/open-sqlite.js';
import { openEngine, type Engine } from './engine.js';
import type { Mode } from './bus/context.js';
import { SandboxNetwork } from './network/sandbox/sandbox-network.js';
import { cryptoRandom } from './kernel/random.js';

export const SANDBOX_DB = 'sandbox.db';
export const LIVE_DB = 'live.db';
export const SANDBOX_NETWORK_DB = 'sandbox-network.db';

export interface Kartu {
  dataDir: string;
  sandbox: Engine;
  live: Engine;
  /** The sandbox's clock can be advanced by test helpers; live time is the system's. */
  sandboxClock: OffsetClock;
  /** The simulated card network the sandbox talks to (its state in sandbox-network.db). */
  sandboxNetwork: SandboxNetwork;
  engine(mode: Mode): Engine;
  close(): Promise<void>;
}

export interface KartuOptions {
  dataDir: string;
  /** The desktop app passes the key kept by the OS keychain; headless hosts use a 0600 key file. */
  cardDataKey?: Uint8Array;
  clock?: Clock;
  random?: Random;
  log?: Logger;
  /** See EngineOptions.backgroundCheckpoints. */
  backgroundCheckpoints?: boolean;
}

export class DataDirError extends Error {}

function prepareDataDir(dataDir: string): void {
  if (existsSync(dataDir)) {
    if (!statSync(dataDir).isDirectory()) throw new DataDirError(`${dataDir} is not a folder. Choose another --data-dir.`);
    try {
      accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch {
      throw new DataDirError(`Cannot read and write ${dataDir}. Check its permissions, or choose another --data-dir.`);
    }
    return;
  }
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new DataDirError(`Cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }
}

/** Opens a data directory: its two databases (sandbox and live) and the card-data key. */
export async function openKartu(options: KartuOptions): Promise<Kartu> {
  const dataDir = resolve(options.dataDir);
  prepareDataDir(dataDir);
  const key = options.cardDataKey ?? loadOrCreateKeyFile(dataDir);
  const vault = createCardVault(key);
  const base = options.clock ?? systemClock;
  const sandboxClock = offsetClock(base);
  const common = {
    vault,
    backgroundCheckpoints: options.backgroundCheckpoints ?? false,
    ...(options.random ? { random: options.random } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
  const sandboxNetwork = new SandboxNetwork(join(dataDir, SANDBOX_NETWORK_DB), options.random ?? cryptoRandom);
  let sandbox: Engine;
  try {
    sandbox = await openEngine({ mode: 'test', path: join(dataDir, SANDBOX_DB), clock: sandboxClock, sandbox: { clock: sandboxClock, network: sandboxNetwork }, ...common });
  } catch (error) {
    sandboxNetwork.close();
    throw error;
  }
  let live: Engine;
  try {
    live = await openEngine({ mode: 'live', path: join(dataDir, LIVE_DB), clock: base, ...common });
  } catch (error) {
    await sandbox.close();
    sandboxNetwork.close();
    throw error;
  }
  return {
    dataDir,
    sandbox,
    live,
    sandboxClock,
    sandboxNetwork,
    engine: (mode) => (mode === 'live' ? live : sandbox),
    close: async () => {
      await sandbox.close();
      await live.close();
      sandboxNetwork.close();
    },
  };
}

export { DatabaseOpenError };
