import type { TFunction } from 'i18next';

/**
 * A points entry in the staff's language: the engine describes each in English ('Points for a
 * purchase'), which the Indonesian card screen showed as is. Known kinds are said from the texts; a
 * bonus keeps the reason staff typed; a kind the screen does not know keeps the engine's words.
 */
export const POINTS_ACTIVITY_KINDS = ['earn', 'bonus', 'reverse', 'spend', 'restore', 'expire', 'adjust', 'partner_out', 'partner_in'] as const;
type Kind = (typeof POINTS_ACTIVITY_KINDS)[number];

export function pointsActivityText(t: TFunction, entry: { type: string; reason: string | null; description: string }): string {
  if (!(POINTS_ACTIVITY_KINDS as readonly string[]).includes(entry.type)) return entry.description;
  if (entry.type === 'bonus' && entry.reason) return t('cardDetail.activity.bonusWithReason', { reason: entry.reason });
  return t(`cardDetail.activity.${entry.type as Kind}`);
}
