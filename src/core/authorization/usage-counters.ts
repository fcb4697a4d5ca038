import type { Db } from '../db/database.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';
import { journalUsageAccount } from '../db/write-journal.js';

export interface CounterDelta {
  account_id: string;
  window_key: string;
  mcc: string;
  amount: number;
  count: number;
}

export type UsageMap = Map<string, Map<string, { amount: number; count: number }>>;

/** The current windows' counters of one account: a handful of rows, however long its history. */
/** The six windows of windows.ts (hourly .. all_time), one prepared query. */
const currentWindows = new Prepared(7, (db: Db, accountId: string, k1: string, k2: string, k3: string, k4: string, k5: string, k6: string) =>
  db.selectFrom('usage_counters').select(['window_key', 'mcc', 'amount', 'count']).where('account_id', '=', accountId).where('window_key', 'in', [k1, k2, k3, k4, k5, k6]),
);

export async function loadUsage(db: Db, accountId: string, keys: readonly string[]): Promise<UsageMap> {
  const rows =
    keys.length === 6
      ? await currentWindows.execute(db, accountId, ...(keys as [string, string, string, string, string, string]))
      : await db.selectFrom('usage_counters').select(['window_key', 'mcc', 'amount', 'count']).where('account_id', '=', accountId).where('window_key', 'in', keys as string[]).execute();
  const usage: UsageMap = new Map();
  for (const row of rows) addTo(usage, row.window_key, row.mcc, row.amount, row.count);
  return usage;
}

export function addTo(usage: UsageMap, key: string, mcc: string, amount: number, count: number): void {
  let window = usage.get(key);
  if (!window) usage.set(key, (window = new Map()));
  const cell = window.get(mcc);
  if (cell) {
    cell.amount += amount;
    cell.count += count;
  } else window.set(mcc, { amount, count });
}

const upsertCounter = new PreparedInsert<CounterDelta & Record<string, unknown>>('usage_counters', ['account_id', 'window_key', 'mcc', 'amount', 'count'], (oc) =>
  oc.columns(['account_id', 'window_key', 'mcc']).doUpdateSet((eb: any) => ({
    amount: eb('usage_counters.amount', '+', eb.ref('excluded.amount')),
    count: eb('usage_counters.count', '+', eb.ref('excluded.count')),
  })),
);

/** A decision counts in six windows: six rows in one statement (one call instead of six). */
const ROWS_PER_STATEMENT = 6;
const COLUMNS = ['account_id', 'window_key', 'mcc', 'amount', 'count'] as const;
const upsertCounters = new Prepared(ROWS_PER_STATEMENT * COLUMNS.length, (db: Db, ...args: unknown[]) =>
  db
    .insertInto('usage_counters')
    .values(
      Array.from({ length: ROWS_PER_STATEMENT }, (_, row) =>
        Object.fromEntries(COLUMNS.map((column, i) => [column, args[row * COLUMNS.length + i]])),
      ) as never,
    )
    .onConflict((oc) =>
      oc.columns(['account_id', 'window_key', 'mcc']).doUpdateSet((eb) => ({
        amount: eb('usage_counters.amount', '+', eb.ref('excluded.amount')),
        count: eb('usage_counters.count', '+', eb.ref('excluded.count')),
      })),
    ),
);

/**
 * Adds deltas to the counters (insert, or add to the row that exists): portable upsert (ON
 * CONFLICT works on SQLite and PostgreSQL). The deltas are merged, so no two share a row.
 */
export async function applyCounterDeltas(db: Db, deltas: readonly CounterDelta[]): Promise<void> {
  const changed = deltas.filter((d) => d.amount !== 0 || d.count !== 0);
  for (const d of changed) journalUsageAccount(d.account_id);
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= changed.length; i += ROWS_PER_STATEMENT) {
    const args: unknown[] = [];
    for (let r = i; r < i + ROWS_PER_STATEMENT; r++) {
      const d = changed[r]!;
      args.push(d.account_id, d.window_key, d.mcc, d.amount, d.count);
    }
    await upsertCounters.execute(db, ...args);
  }
  for (; i < changed.length; i++) await upsertCounter.execute(db, changed[i] as CounterDelta & Record<string, unknown>);
}

/** Counter deltas for one authorization counted (or taken back) in its windows. */
export function deltasFor(accountId: string, keys: readonly string[], mcc: string, amount: number, count: number): CounterDelta[] {
  return keys.map((window_key) => ({ account_id: accountId, window_key, mcc, amount, count }));
}
