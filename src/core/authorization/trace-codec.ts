import { DECLINE_CODES, type DeclineReason } from './decline-reasons.js';
import type { TraceEntry } from './rules.js';
import { isTraceKey, traceDetail, type TraceValues } from './trace-texts.js';

/**
 * How a decision's trace is stored in its row: each line as `[rule, outcome, key]`, plus its
 * values and its decline reason when it has them, without the English sentence, which is made
 * again from the key when the row is read (trace-texts.ts). A trace of the usual fourteen lines
 * takes about a third of the room its sentences took, and every decision writes one.
 *
 * Rows written before keys existed hold the full objects (with `detail`); they read as they are.
 */
type StoredLine = [rule: string, outcome: Outcome, key: string, values?: TraceValues | 0, reason?: DeclineReason];

type Outcome = 'p' | 'f' | 's' | 'i';
const TO_STORED: Record<TraceEntry['outcome'], Outcome> = { pass: 'p', fail: 'f', skipped: 's', info: 'i' };
const FROM_STORED: Record<Outcome, TraceEntry['outcome']> = { p: 'pass', f: 'fail', s: 'skipped', i: 'info' };

/** The stored form; a line without a key (from an older row) is kept whole. */
export function encodeTrace(trace: readonly TraceEntry[]): string {
  const lines: Array<StoredLine | TraceEntry> = [];
  for (const entry of trace) {
    if (entry.key === undefined) {
      lines.push(entry);
      continue;
    }
    const line: StoredLine = [entry.rule, TO_STORED[entry.outcome], entry.key];
    if (entry.reason !== undefined) line.push(entry.values ?? 0, entry.reason);
    else if (entry.values !== undefined) line.push(entry.values);
    lines.push(line);
  }
  return JSON.stringify(lines);
}

export function decodeTrace(text: string): TraceEntry[] {
  const lines = JSON.parse(text) as Array<StoredLine | TraceEntry>;
  return lines.map((line) => (Array.isArray(line) ? fromStored(line) : line));
}

function fromStored([rule, outcome, key, values, reason]: StoredLine): TraceEntry {
  const entry: TraceEntry = { rule, outcome: FROM_STORED[outcome], detail: isTraceKey(key) ? traceDetail(key, values || undefined) : key };
  if (reason !== undefined) {
    entry.code = DECLINE_CODES[reason];
    entry.reason = reason;
  }
  if (isTraceKey(key)) entry.key = key;
  if (values) entry.values = values;
  return entry;
}
