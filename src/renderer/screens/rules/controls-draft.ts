import type { Interval, SpendingControls, SpendingControlsInput } from '../../../core/controls/spending-controls.js';
import { minorToInput, parseMoneyInput } from '../../format/money-input.js';

type VelocityInterval = SpendingControls['velocity_limits'][number]['interval'];

/** Spending controls as the editor's fields hold them: text while typing, parsed on save or try. */
export interface ControlsDraft {
  limits: Array<{ amount: string; interval: Interval; categories: string }>;
  allowedCategories: string;
  blockedCategories: string;
  allowedCountries: string;
  blockedCountries: string;
  allowedMerchants: string;
  allowedLocations: string[];
  velocity: Array<{ count: string; interval: VelocityInterval }>;
  singleUse: boolean;
  merchantLock: boolean;
  /** Not edited here (kept as they are). */
  timeWindows: SpendingControls['time_windows'];
}

const list = (values: string[] | null): string => (values ?? []).join(', ');

export function draftFromControls(c: SpendingControls, currency: string): ControlsDraft {
  return {
    limits: c.spending_limits.map((l) => ({ amount: minorToInput(l.amount, currency), interval: l.interval, categories: list(l.categories ?? null) })),
    allowedCategories: list(c.allowed_categories),
    blockedCategories: list(c.blocked_categories),
    allowedCountries: list(c.allowed_countries),
    blockedCountries: list(c.blocked_countries),
    allowedMerchants: list(c.allowed_merchants),
    allowedLocations: c.allowed_locations ?? [],
    velocity: c.velocity_limits.map((v) => ({ count: String(v.count), interval: v.interval })),
    singleUse: c.single_use,
    merchantLock: c.merchant_lock,
    timeWindows: c.time_windows,
  };
}

/** "5814, restaurants" -> ['5814', 'restaurants']; empty -> null (no restriction). */
export function parseList(text: string, upper = false): string[] | null {
  const items = text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (upper ? s.toUpperCase() : s));
  return items.length > 0 ? [...new Set(items)] : null;
}

export interface DraftProblem {
  /** The engine's param name, so the field shows it the same way as an engine error. */
  param: string;
  message: 'amount' | 'count';
}

/**
 * The controls to send: every key present (a save replaces the whole set). Amounts the cashier
 * typed that are not amounts are reported by field before anything is sent.
 */
export function controlsFromDraft(d: ControlsDraft, currency: string): { controls: SpendingControlsInput; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const spending_limits = d.limits.map((l, i) => {
    const amount = parseMoneyInput(l.amount, currency);
    if (amount === null || amount <= 0) problems.push({ param: `spending_controls.spending_limits.${i}.amount`, message: 'amount' });
    const categories = parseList(l.categories);
    return { amount: amount ?? 0, interval: l.interval, ...(categories ? { categories } : {}) };
  });
  const velocity_limits = d.velocity.map((v, i) => {
    const count = Number(v.count);
    if (!Number.isInteger(count) || count <= 0) problems.push({ param: `spending_controls.velocity_limits.${i}.count`, message: 'count' });
    return { count, interval: v.interval };
  });
  return {
    controls: {
      spending_limits,
      allowed_categories: parseList(d.allowedCategories),
      blocked_categories: parseList(d.blockedCategories),
      allowed_countries: parseList(d.allowedCountries, true),
      blocked_countries: parseList(d.blockedCountries, true),
      allowed_merchants: parseList(d.allowedMerchants),
      allowed_locations: d.allowedLocations.length > 0 ? d.allowedLocations : null,
      time_windows: d.timeWindows,
      velocity_limits,
      single_use: d.singleUse,
      merchant_lock: d.merchantLock,
    },
    problems,
  };
}
