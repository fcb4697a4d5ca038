import type { Scope } from './scope.js';

/**
 * What every report returns around its figures: which report, the currency of its money (minor
 * units), the resolved filters (dates are local days, inclusive) and notes on figures that are
 * not available or that ignore a filter. `rows` is chart-ready: an array of {bucket, values...}.
 */
export interface ReportEnvelope<R, T> {
  object: 'report';
  report: string;
  currency: string | null;
  timezone: string | null;
  filters: Scope['filters'];
  generated_at: string;
  rows: R[];
  totals: T;
  notes: string[];
}

export function envelope<R, T>(report: string, scope: Scope, now: Date, rows: R[], totals: T, notes: string[] = []): ReportEnvelope<R, T> {
  const zones = [...new Set(scope.programs.map((p) => p.timezone))];
  return {
    object: 'report',
    report,
    currency: scope.currency,
    timezone: zones.length === 1 ? zones[0]! : null,
    filters: scope.filters,
    generated_at: now.toISOString(),
    rows,
    totals,
    notes: [
      ...notes,
      ...(zones.length > 1 ? [`Programs in different time zones (${zones.join(', ')}): each is counted by its own local days.`] : []),
      ...(scope.stale ? ['The report tables were reshaped by an update and wait to be recomputed (Settings, Recompute reports): figures may be incomplete until then.'] : []),
    ],
  };
}
