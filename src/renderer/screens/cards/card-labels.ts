import type { Card } from '../../../core/cards/card.js';
import type { Tone } from '../../ui/badge.js';

/** How a card number is shown everywhere: the last 4 digits only. */
export function maskedNumber(last4: string): string {
  return `•••• ${last4}`;
}

export const STATUS_TONES: Record<Card['status'], Tone> = { active: 'success', inactive: 'warning', canceled: 'danger' };
