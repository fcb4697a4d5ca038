import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { addDays, daysBetween, isValidDay, localParts } from './zone-time.js';
import { placeKey } from './place.js';

export const localDateSchema = z.string().refine(isValidDay, { message: 'must be a date YYYY-MM-DD' });
const id = z.string().min(1).max(64);

/**
 * Filters every report takes. Dates are local days in the program's time zone, inclusive (each
 * program's own zone when several are reported together); `branch` is a location id (one of the
 * business's own branches) or a merchant id; `tier` a rewards tier id (the member's tier when the
 * purchase was made).
 */
export const reportFilters = {
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  program: id.optional(),
  branch: z.string().trim().min(1).max(120).optional(),
  card: id.optional(),
  tier: id.optional(),
};
export const reportFilterSchema = z.strictObject(reportFilters);
export type ReportFilters = z.output<typeof reportFilterSchema>;

export interface ProgramInfo {
  id: string;
  name: string;
  kind: string;
  currency: string;
  timezone: string;
  week_starts_on: number;
}

export interface Scope {
  programs: ProgramInfo[];
  /** null when there is no program at all (an empty report). */
  currency: string | null;
  from: string;
  to: string;
  /** Values of the facts' `place` that match the branch filter (a location and its merchant id). */
  places: string[] | null;
  card: { id: string; program_id: string; cardholder_id: string; last4: string } | null;
  tier: string | null;
  /** The rollups wait for `reports-rebuild` (a migration reshaped them): the figures may be short. */
  stale: boolean;
  /**
   * The last local day that has facts in the scope's programs (null: none). A range that reaches it
   * (one that ends today, say) may be read with the rollup buckets that run past its end: they
   * hold nothing more (cube.ts).
   */
  factsEnd: string | null;
  filters: { from: string; to: string; program: string | null; branch: string | null; card: string | null; tier: string | null };
}

/** Set by a migration that reshaped the rollups, cleared by `reports-rebuild`. */
export const REBUILD_NEEDED = 'reports.rebuild_needed';

/** A report covers at most ten years: every query has a bound. */
export const MAX_DAYS = 3_660;
export const DEFAULT_DAYS = 30;

export async function resolveScope(db: Db, filters: ReportFilters, now: Date, options: { kinds?: readonly string[] } = {}): Promise<Scope> {
  let card: Scope['card'] = null;
  if (filters.card) {
    const row = await db.selectFrom('cards').select(['id', 'program_id', 'cardholder_id', 'last4']).where('id', '=', filters.card).executeTakeFirst();
    if (!row) throw notFound('card', filters.card, 'card');
    if (filters.program && row.program_id !== filters.program) throw invalid('card_not_in_program', `Card ${row.id} is not in program ${filters.program}.`, 'card');
    card = row;
  }
  const programId = filters.program ?? card?.program_id ?? null;
  let q = db.selectFrom('programs').select(['id', 'name', 'kind', 'currency', 'timezone', 'week_starts_on']).orderBy('id');
  if (programId) q = q.where('id', '=', programId);
  if (options.kinds && !programId) q = q.where('kind', 'in', options.kinds);
  const programs = await q.execute();
  if (programId && programs.length === 0) throw notFound('program', programId, 'program');
  const currencies = [...new Set(programs.map((p) => p.currency))];
  if (currencies.length > 1) {
    throw invalid('mixed_currencies', `The programs use ${currencies.join(' and ')}; a report adds money of one currency. Choose a program.`, 'program');
  }
  let tier: string | null = null;
  if (filters.tier) {
    const row = await db.selectFrom('rewards_tiers').select(['id', 'program_id']).where('id', '=', filters.tier).executeTakeFirst();
    if (!row) throw notFound('tier', filters.tier, 'tier');
    if (programId && row.program_id !== programId) throw invalid('tier_not_in_program', `Tier ${row.id} belongs to another program.`, 'tier');
    tier = row.id;
  }
  let places: string[] | null = null;
  if (filters.branch) {
    const location = await db
      .selectFrom('locations')
      .select(['id', 'merchant_id'])
      .where((eb) => eb.or([eb('id', '=', filters.branch!), eb('merchant_id', '=', filters.branch!)]))
      .executeTakeFirst();
    places = (location ? [location.id, location.merchant_id] : [filters.branch]).map(placeKey);
  }
  const zone = programs[0]?.timezone ?? 'UTC';
  const today = localParts(now.getTime(), zone).day;
  const to = filters.to ?? (filters.from ? maxDay(filters.from, today) : today);
  const from = filters.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw invalid('parameter_invalid', `from (${from}) is after to (${to}).`, 'from');
  if (daysBetween(from, to) >= MAX_DAYS) throw invalid('range_too_long', `A report covers at most ${MAX_DAYS} days.`, 'from');
  const stale = (await db.selectFrom('settings').select('value').where('key', '=', REBUILD_NEEDED).executeTakeFirst()) !== undefined;
  let factsEnd: string | null = null;
  for (const p of programs) {
    // One seek each: the (program, day) index's last entry.
    const last = await db.selectFrom('report_facts').select(sql<string | null>`max(day)`.as('day')).where('program_id', '=', p.id).executeTakeFirst();
    if (last?.day && (factsEnd === null || last.day > factsEnd)) factsEnd = last.day;
  }
  return {
    programs,
    stale,
    factsEnd,
    currency: currencies[0] ?? null,
    from,
    to,
    places,
    card,
    tier,
    filters: { from, to, program: programId, branch: filters.branch ?? null, card: card?.id ?? null, tier },
  };
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}
