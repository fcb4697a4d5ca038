import { manualClock, type ManualClock } from '../kernel/clock.js';
import { seededRandom } from '../kernel/random.js';
import { createCardVault } from '../security/card-vault.js';
import { openEngine, type Engine } from '../engine.js';
import type { Actor } from '../bus/actor.js';
import type { Mode } from '../bus/context.js';

export const TEST_KEY = new Uint8Array(32).fill(7);
export const OWNER: Actor = { type: 'staff', id: 'staff_owner', name: 'Owner', role: 'owner' };
export const MANAGER: Actor = { type: 'staff', id: 'staff_manager', name: 'Manager', role: 'manager' };
export const CASHIER: Actor = { type: 'staff', id: 'staff_cashier', name: 'Cashier', role: 'cashier' };

export interface TestEngine extends Engine {
  clock: ManualClock;
}

/** A real engine on an in-memory SQLite database, with a clock and randomness the test controls. */
export async function testEngine(options: { mode?: Mode; path?: string; start?: Date; seed?: number } = {}): Promise<TestEngine> {
  const clock = manualClock(options.start ?? new Date('2026-03-02T03:00:00Z'));
  const engine = await openEngine({
    mode: options.mode ?? 'test',
    path: options.path ?? ':memory:',
    clock,
    random: seededRandom(options.seed ?? 42),
    vault: createCardVault(TEST_KEY),
  });
  return Object.assign(engine, { clock });
}

/** Counts rows in every table, to prove that a refused request wrote nothing. */
export async function tableCounts(engine: Engine, except: string[] = ['audit_log']): Promise<Record<string, number>> {
  const tables = engine.database.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    .all() as Array<{ name: string }>;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    counts[name] = (engine.database.sqlite.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
  }
  return counts;
}
