import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../src/core/kernel/clock.js';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}

export function report(title: string, figures: BenchFigure[]): BenchFigure[] {
  console.log(`\n== ${title}`);
  for (const f of figures) {
    const verdict = f.pass === undefined ? '' : f.pass ? '  PASS' : '  MISS';
    console.log(`  ${f.name.padEnd(58)} ${formatValue(f.value).padStart(12)} ${f.unit.padEnd(10)}${f.target ? ` (target ${f.target})` : ''}${verdict}`);
  }
  return figures;
}

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'kartu-bench-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const isMain = (url: string): boolean => process.argv[1] !== undefined && url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'));

/**
 * Offers `send(i)` at `rate` per second for `seconds`; each latency is measured from the request's
 * scheduled time, not from when it was sent, so a stalled system cannot hide its queue (no
 * coordinated omission). Sorted ascending.
 */
export async function latenciesAtRate(rate: number, seconds: number, send: (i: number) => Promise<unknown>): Promise<number[]> {
  const total = rate * seconds;
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) {
        const due = start + (sent * 1000) / rate;
        pending.push(send(sent++).then(() => void latencies.push(performance.now() - due)));
      }
      if (sent < total) setTimeout(tick, 0.5);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

/**
 * The engine's clock for throughput benches: it starts on a Tuesday at 10:00 in Jakarta and runs
 * at real speed. With the system clock the figures depended on the hour of the run: at night in
 * Jakarta a coffee-shop purchase fires the risk engine's night-time signal, and with the velocity
 * that any bench drives per card that crossed the flag threshold, so every decision also wrote an
 * alert (some 79,000 per port bench, about a third more CPU per decision); the rewards bench's
 * weekday-afternoon double points came and went with the hour too.
 */
export function businessHoursClock(start = new Date('2026-03-03T03:00:00Z')): Clock {
  const offsetMs = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offsetMs) };
}
