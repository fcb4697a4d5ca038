import { minutesText } from '../format.js';
import { fired, quiet, type SignalContext } from './signal-context.js';
import type { RiskSignal } from '../risk-types.js';

/** Several declines in a row: someone guessing, or a card being tried where it does not work. */
export function declineStreakSignal(ctx: SignalContext): RiskSignal {
  const streak = ctx.facts.state.declineStreak;
  const { threshold } = ctx.policy.decline_streak;
  if (streak < threshold) return quiet('decline_streak', `${streak} declines in a row (streak at ${threshold}).`, { streak });
  const factor = streak >= threshold * 2 ? 1 : 0.75;
  return fired('decline_streak', ctx.policy.weights.decline_streak * factor, `${streak} declines in a row before this attempt.`, { streak, threshold });
}

/**
 * Used right after a status change: a frozen card reactivated and used at once (a taken-over
 * account), or a replacement card used within hours of issue (intercepted in the post).
 */
export function statusChangeSignal(ctx: SignalContext): RiskSignal {
  const { activatedAt, replacementFor, cardCreatedAt } = ctx.facts;
  const { lastAt } = ctx.facts.state;
  const { window_minutes, replacement_window_hours } = ctx.policy.status_change;
  if (activatedAt && lastAt && activatedAt > lastAt) {
    const sinceS = ctx.nowS - Math.floor(Date.parse(activatedAt) / 1000);
    if (sinceS >= 0 && sinceS <= window_minutes * 60) {
      return fired('status_change', ctx.policy.weights.status_change, `Card reactivated ${minutesText(sinceS)} ago, after earlier use, and used at once.`, { change: 'reactivated', minutes_since: Math.round(sinceS / 60) });
    }
  }
  if (replacementFor) {
    const sinceS = ctx.nowS - Math.floor(Date.parse(cardCreatedAt) / 1000);
    if (sinceS >= 0 && sinceS <= replacement_window_hours * 3600) {
      return fired('status_change', ctx.policy.weights.status_change * 0.67, `Replacement card (for ${replacementFor}) issued ${minutesText(sinceS)} ago.`, { change: 'replacement', replaces: replacementFor, minutes_since: Math.round(sinceS / 60) });
    }
  }
  return quiet('status_change', 'No recent status change or replacement.');
}
