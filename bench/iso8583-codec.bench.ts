import { pathToFileURL } from 'node:url';
import { packFrame, unpackMessage } from '../src/core/network/iso8583/codec.js';
import type { Iso8583Message } from '../src/core/network/iso8583/message.js';
import { packDataWithIsoPackage, toPackageData, unpackWithIsoPackage } from '../src/core/network/iso8583/testing/iso8583-package.js';
import { SAMPLE_0100, SAMPLE_0110 } from '../src/core/network/iso8583/testing/sample-messages.js';
import { report, type BenchFigure } from './harness.js';

/**
 * Kartu's ISO 8583 codec against the `iso_8583` npm package on the same messages in the same run:
 * one operation = pack a framed 0100 and unpack it, then pack a framed 0110 and unpack it (what
 * the port does per authorization, both ways). Target (issue 6): at least 5x the package.
 *
 *   npx tsx bench/iso8583-codec.bench.ts [durationMs]   (default 4000, both codecs together)
 */

export interface CodecBenchFigure {
  opsPerSec: number;
  /** Mean microseconds for one 0100 + 0110 pack-and-unpack. */
  meanMicros: number;
}

export interface CodecBenchResult {
  name: 'iso8583-codec';
  messages: string[];
  kartu: CodecBenchFigure;
  isoPackage: CodecBenchFigure;
  /** kartu.opsPerSec / isoPackage.opsPerSec */
  ratio: number;
  target: number;
  passed: boolean;
}

const MESSAGES: readonly Iso8583Message[] = [SAMPLE_0100, SAMPLE_0110];

function kartuRoundTrip(): number {
  let bytes = 0;
  for (const message of MESSAGES) {
    const frame = packFrame(message);
    const back = unpackMessage(frame.subarray(2));
    bytes += frame.length + back.mti.length;
  }
  return bytes;
}

// The package takes its own object shape; building it is part of its cost as of ours.
function packageRoundTrip(): number {
  let bytes = 0;
  for (const message of MESSAGES) {
    const frame = packDataWithIsoPackage(toPackageData(message));
    const back = unpackWithIsoPackage(frame);
    bytes += frame.length + back.mti.length;
  }
  return bytes;
}

/** Runs `op` for about `durationMs` (in batches, so the clock is read rarely); ops per second. */
function measure(op: () => number, durationMs: number): number {
  let sink = 0;
  let ops = 0;
  let batch = 16;
  const start = process.hrtime.bigint();
  const stopAt = start + BigInt(Math.round(durationMs * 1e6));
  let now = start;
  while (now < stopAt) {
    for (let i = 0; i < batch; i++) sink += op();
    ops += batch;
    if (batch < 1024) batch *= 2;
    now = process.hrtime.bigint();
  }
  if (sink === 0) throw new Error('benchmark produced nothing');
  return ops / (Number(now - start) / 1e9);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figure(opsPerSec: number): CodecBenchFigure {
  return { opsPerSec: Math.round(opsPerSec), meanMicros: 1e6 / opsPerSec };
}

/**
 * The machine is shared, so the two codecs run in alternating short rounds and each figure is the
 * median of its rounds: a burst of load elsewhere hits both alike instead of skewing the ratio.
 */
export function compareCodecs(options: { durationMs?: number; rounds?: number } = {}): CodecBenchResult {
  const durationMs = options.durationMs ?? 4000;
  const rounds = options.rounds ?? 10;
  // Both must agree on what they carry before speed means anything.
  for (const message of MESSAGES) {
    const ours = unpackMessage(packFrame(message).subarray(2));
    const theirs = unpackWithIsoPackage(packDataWithIsoPackage(toPackageData(message)));
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error(`codecs disagree on ${message.mti}`);
  }
  measure(kartuRoundTrip, 200); // warm-up: let the JIT settle
  measure(packageRoundTrip, 200);
  const ours: number[] = [];
  const theirs: number[] = [];
  const slice = durationMs / (2 * rounds);
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      ours.push(measure(kartuRoundTrip, slice));
      theirs.push(measure(packageRoundTrip, slice));
    } else {
      theirs.push(measure(packageRoundTrip, slice));
      ours.push(measure(kartuRoundTrip, slice));
    }
  }
  const kartu = figure(median(ours));
  const isoPackage = figure(median(theirs));
  const ratio = kartu.opsPerSec / isoPackage.opsPerSec;
  const target = 5;
  return { name: 'iso8583-codec', messages: MESSAGES.map((m) => m.mti), kartu, isoPackage, ratio, target, passed: ratio >= target };
}

/** For `npm run bench` (bench/run.ts), which collects every bench's figures and its misses. */
export async function run(): Promise<BenchFigure[]> {
  const result = compareCodecs();
  return report(`ISO 8583 codec, pack + unpack of ${result.messages.join(' + ')} per op (issue 6)`, [
    { name: 'Kartu codec', value: result.kartu.opsPerSec, unit: `ops/s (${result.kartu.meanMicros.toFixed(2)} µs/op)` },
    { name: 'iso_8583 package, same messages', value: result.isoPackage.opsPerSec, unit: `ops/s (${result.isoPackage.meanMicros.toFixed(2)} µs/op)` },
    { name: 'Kartu vs iso_8583', value: result.ratio, unit: 'x', target: `>= ${result.target}x`, pass: result.passed },
  ]);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const durationMs = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const result = compareCodecs({ durationMs });
  const line = (label: string, f: CodecBenchFigure): string =>
    `${label.padEnd(10)} ${f.opsPerSec.toLocaleString('en-US').padStart(12)} ops/s  ${f.meanMicros.toFixed(2).padStart(8)} us/op`;
  console.log(`ISO 8583 codec, pack + unpack of ${result.messages.join(' + ')} per op`);
  console.log(line('kartu', result.kartu));
  console.log(line('iso_8583', result.isoPackage));
  console.log(`ratio      ${result.ratio.toFixed(1)}x (target >= ${result.target}x): ${result.passed ? 'PASS' : 'FAIL'}`);
  if (!result.passed) process.exitCode = 1;
}
