import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteDatabase } from '../src/core/db/open-sqlite.js';
import { isMain, latenciesAtRate, percentile, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * Issue 4's group-commit targets (5x bare FULL commits; p99 < 5 ms at 1,000/s) against what THIS
 * disk allows a durable group commit at all, whatever the decision logic costs.
 *
 * A "decision" here is nothing but its writes: a balance check in a Map, one log row (with a small
 * JSON trace) and one balance row, plus `extra` more B-trees keyed by card (an index each), the
 * shape of the engine's per-card indexes: authorizations by card, account and cardholder, ledger
 * transfers by account, report facts by card and cardholder, window counters, risk state... The
 * engine's decision writes about 30 B-trees (bench/authorization.bench.ts shows its own figures;
 * scratch analyses in the session notes count its WAL pages). The same group commit as the engine's
 * queue: everything waiting is decided and committed in one synchronous=FULL transaction; callers
 * are answered once it is on the disk, through the engine's own durable commit (open-sqlite.ts:
 * transactionSyncedLater, the off-thread WAL sync, the background checkpointer), deciding the next
 * batch meanwhile, as the authorization queue does.
 *
 * It prints, for each shape, the durable decision rate as a multiple of bare single-row FULL
 * commits measured in the same run, and the latency at 1,000 decisions/s offered. Not a target of
 * its own: the bound that says how many B-trees a durable decision may write to meet the others.
 */
const DECISIONS = Number(process.env.KARTU_BENCH_SHAPE_DECISIONS ?? 20_000);
const OPEN_SECONDS = Number(process.env.KARTU_BENCH_SHAPE_SECONDS ?? 3);
const CARDS = 2_000;
const SHAPES = [0, 5, 10, 30];

function bareCommits(path: string, count: number): number {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const start = performance.now();
  for (let i = 0; i < count; i++) insert.run(`row ${i}`);
  const perSecond = count / ((performance.now() - start) / 1000);
  db.close();
  return perSecond;
}

interface Waiting {
  card: string;
  amount: number;
  resolve: () => void;
}

/** A group-committing log of decisions writing `extra` card-keyed B-trees besides its two rows. */
async function shapedLog(path: string, extra: number) {
  const opened = await openSqliteDatabase({ path, backgroundCheckpoints: true });
  const db = opened.sqlite;
  const extraColumns = Array.from({ length: extra }, (_, k) => `, k${k} TEXT NOT NULL`).join('');
  db.exec(`CREATE TABLE decisions (id TEXT PRIMARY KEY, card TEXT NOT NULL, amount INTEGER NOT NULL, approved INTEGER NOT NULL, data TEXT NOT NULL${extraColumns}) WITHOUT ROWID`);
  for (let k = 0; k < extra; k++) db.exec(`CREATE INDEX decisions_k${k} ON decisions (k${k}, id)`);
  db.exec('CREATE TABLE balances (card TEXT PRIMARY KEY, available INTEGER NOT NULL) WITHOUT ROWID');
  const balances = new Map<string, number>();
  const seed = db.prepare('INSERT INTO balances VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < CARDS; i++) {
      // Card ids spread over the key space, as random ids are.
      const card = `card_${((i * 7_919) % 10_007).toString(36).padStart(4, '0')}${String(i).padStart(5, '0')}`;
      balances.set(card, 1e12);
      seed.run(card, 1e12);
    }
  })();
  const insert = db.prepare(`INSERT INTO decisions VALUES (?, ?, ?, ?, ?${', ?'.repeat(extra)})`);
  const setBalance = db.prepare('UPDATE balances SET available = ? WHERE card = ?');
  let sequence = 0;
  const decide = (batch: Waiting[]): void => {
    for (const w of batch) {
      const balance = balances.get(w.card)!;
      const approved = balance >= w.amount;
      if (approved) balances.set(w.card, balance - w.amount);
      const id = `auth_${Date.now().toString(36)}${String(sequence++).padStart(9, '0')}`;
      const trace = JSON.stringify({ merchant: { id: 'MRC-1', mcc: '5411', country: 'ID' }, trace: [{ rule: 'status', ok: true }, { rule: 'limits', ok: true }, { rule: 'funds', ok: approved }] });
      const keys = Array.from({ length: extra }, (_, k) => `${k}:${w.card}`);
      insert.run(id, w.card, w.amount, approved ? 1 : 0, trace, ...keys);
      if (approved) setBalance.run(balance - w.amount, w.card);
    }
  };
  let waiting: Waiting[] = [];
  let running = false;
  const unanswered = new Set<Promise<void>>();
  const run = async (): Promise<void> => {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      const { durable } = await opened.transactionSyncedLater(async () => decide(batch));
      const answered = durable.then(() => batch.forEach((w) => w.resolve()));
      unanswered.add(answered);
      void answered.finally(() => unanswered.delete(answered));
      // A turn of the event loop, as the queue takes: callers answered meanwhile join the next batch.
      if (waiting.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    running = false;
  };
  return {
    cards: [...balances.keys()],
    submit(card: string, amount: number): Promise<void> {
      return new Promise((resolve) => {
        waiting.push({ card, amount, resolve });
        if (!running) {
          running = true;
          setImmediate(() => void run());
        }
      });
    },
    async close(): Promise<void> {
      while (unanswered.size > 0) await Promise.all([...unanswered]);
      await opened.close();
    },
  };
}

type ShapedLog = Awaited<ReturnType<typeof shapedLog>>;

async function closedLoop(log: ShapedLog, total: number, inflight: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (next < total) {
        const i = next++;
        await log.submit(log.cards[i % CARDS]!, 20_000);
      }
    }),
  );
  return total / ((performance.now() - start) / 1000);
}


export async function run(): Promise<BenchFigure[]> {
  return withTempDir(async (dir) => {
    const figures: BenchFigure[] = [];
    for (const extra of SHAPES) {
      // The baseline next to each shape: the disk's mood changes over a minute on a shared machine.
      const bare = bareCommits(join(dir, `bare-${extra}.db`), 3_000);
      const log = await shapedLog(join(dir, `shape-${extra}.db`), extra);
      await closedLoop(log, 2_000, 256);
      const rate = await closedLoop(log, DECISIONS, 512);
      const latencies = await latenciesAtRate(1_000, OPEN_SECONDS, (i) => log.submit(log.cards[i % CARDS]!, 20_000));
      await log.close();
      const label = `${2 + extra} B-trees per decision`;
      figures.push(
        { name: `${label}: durable decisions (512 in flight) / bare FULL commits (${Math.round(bare).toLocaleString('en')}/s)`, value: rate / bare, unit: 'x' },
        { name: `${label}: p50 / p99 at 1,000/s offered`, value: percentile(latencies, 50), unit: `ms / ${percentile(latencies, 99).toFixed(2)} ms` },
      );
    }
    return report('What this disk allows a durable group commit, by B-trees written per decision (bound for issue 4)', figures);
  });
}

if (isMain(import.meta.url)) await run();
