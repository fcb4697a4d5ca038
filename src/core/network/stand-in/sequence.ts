/**
 * The creation order of two ids of one engine, whatever their prefixes: after the prefix an id is
 * 10 characters of milliseconds and 4 of a per-engine counter (kernel/ids.ts), so those 14
 * characters order an advice and an outbox message made by the same engine.
 */
export function sequenceKey(id: string): string {
  const at = id.indexOf('_');
  return id.slice(at + 1, at + 15);
}
