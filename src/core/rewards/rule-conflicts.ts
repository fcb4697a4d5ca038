import { invalid } from '../kernel/errors.js';
import { MCC_GROUPS } from '../reference/mcc.js';
import type { EarningRule, RuleType } from './earning-rule.js';
import { hhmmToMinutes } from './local-time.js';

/**
 * Two active rules of the same type conflict when they would both decide the same thing for the
 * same purchase: their dates overlap, their scopes (categories, branches) overlap and, for time
 * windows, they share a day and their hours overlap. A base rate (`spend`), a visit rate and the
 * one-off bonuses may exist once per period; multipliers and promotions once per scope and time.
 * Stacking different types is the program's stacking mode's business, not a conflict.
 */
const SINGLETONS: ReadonlySet<RuleType> = new Set(['spend', 'visit', 'first_purchase', 'signup', 'referral', 'birthday']);

export function datesOverlap(a: { valid_from: string | null; valid_until: string | null }, b: { valid_from: string | null; valid_until: string | null }): boolean {
  const aFrom = a.valid_from ?? '0000-01-01';
  const aUntil = a.valid_until ?? '9999-12-31';
  const bFrom = b.valid_from ?? '0000-01-01';
  const bUntil = b.valid_until ?? '9999-12-31';
  return aFrom <= bUntil && bFrom <= aUntil;
}

type Range = readonly [string, string];

function categoryRanges(categories: string[]): Range[] {
  const out: Range[] = [];
  for (const c of categories) {
    const group = MCC_GROUPS[c];
    if (group) out.push(...group);
    else out.push([c, c]);
  }
  return out;
}

/** Null means "everywhere", which overlaps anything. */
export function categoriesOverlap(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a || !b) return true;
  const ra = categoryRanges(a);
  const rb = categoryRanges(b);
  return ra.some(([af, at]) => rb.some(([bf, bt]) => af <= bt && bf <= at));
}

export function locationsOverlap(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a || !b) return true;
  const set = new Set(a);
  return b.some((x) => set.has(x));
}

export function windowsOverlap(a: EarningRule['params'], b: EarningRule['params']): boolean {
  if (!a.days || !b.days || !a.start || !a.end || !b.start || !b.end) return true;
  const sharedDay = a.days.some((d) => b.days!.includes(d));
  if (!sharedDay) return false;
  return hhmmToMinutes(a.start) < hhmmToMinutes(b.end) && hhmmToMinutes(b.start) < hhmmToMinutes(a.end);
}

export function conflictsWith(rule: EarningRule, other: EarningRule): boolean {
  if (rule.id === other.id || rule.type !== other.type || other.status !== 'active' || rule.status !== 'active') return false;
  if (!datesOverlap(rule, other)) return false;
  if (SINGLETONS.has(rule.type)) return true;
  const p = rule.params;
  const q = other.params;
  if (!categoriesOverlap(p.categories, q.categories) || !locationsOverlap(p.locations, q.locations)) return false;
  if (rule.type === 'time_window') return windowsOverlap(p, q);
  return true;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function describe(rule: EarningRule): string {
  const dates = `${rule.valid_from ?? 'the start'} to ${rule.valid_until ?? 'open end'}`;
  if (rule.type === 'time_window') return `${rule.params.days!.map((d) => DAY_NAMES[d]).join(',')} ${rule.params.start}-${rule.params.end}, ${dates}`;
  return dates;
}

function paramOf(type: RuleType): string {
  if (type === 'time_window') return 'start';
  if (type === 'category_multiplier') return 'categories';
  if (type === 'branch_multiplier') return 'locations';
  return 'valid_from';
}

/** Refuses a rule that conflicts with an active rule of the same type, naming it and why. */
export function assertNoConflict(rule: EarningRule, existing: readonly EarningRule[]): void {
  const other = existing.find((o) => conflictsWith(rule, o));
  if (!other) return;
  throw invalid(
    'rule_conflict',
    `This ${rule.type} rule overlaps the active rule ${other.id} ("${other.name}", ${describe(other)}). ` +
      'Change its dates, days, hours or scope, or archive the other rule first.',
    paramOf(rule.type),
    { conflicting_rule: other.id },
  );
}

/** Checks that need more than one field: end before start, a promotion that gives nothing. */
export function assertRuleCoherent(rule: EarningRule): void {
  if (rule.valid_from && rule.valid_until && rule.valid_until < rule.valid_from) {
    throw invalid('invalid_date_range', `valid_until (${rule.valid_until}) is before valid_from (${rule.valid_from}).`, 'valid_until');
  }
  const p = rule.params;
  if (rule.type === 'time_window') {
    if (hhmmToMinutes(p.end!) <= hhmmToMinutes(p.start!)) {
      throw invalid('invalid_time_range', `end (${p.end}) must be after start (${p.start}); split a window across midnight into two rules.`, 'end');
    }
    const gives = (p.multiplier_x100 ?? 100) > 100 || (p.bonus_points ?? 0) > 0 || (p.cashback_bps ?? 0) > 0;
    if (!gives) throw invalid('parameter_missing', 'A time window needs a multiplier above 1, bonus_points or cashback_bps.', 'multiplier');
  }
  if (p.multiplier_x100 !== undefined && p.multiplier_x100 < 100) {
    throw invalid('parameter_invalid', 'multiplier must be at least 1: a promotion cannot take points away.', 'multiplier');
  }
}
