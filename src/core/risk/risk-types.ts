import type { RiskExplanation } from '../authorization/trace-texts.js';
import type { Ctx } from '../bus/context.js';
import type { RiskCardFacts } from '../authorization/risk-hook.js';

/** What scoring reads; the authorization passes its own transaction-bound context. */
export type RiskReadCtx = Pick<Ctx, 'db'> & { memo?: unknown };
/** What recording and alerting write with: the same transaction, ids, clock and events. */
export type RiskWriteCtx = Pick<Ctx, 'db' | 'ids' | 'clock' | 'emit'> & { memo?: unknown };

export interface RiskMerchant {
  id?: string | null | undefined;
  name?: string | null | undefined;
  mcc?: string | null | undefined;
  country?: string | null | undefined;
  city?: string | null | undefined;
}

export interface RiskInput {
  cardId: string;
  cardholderId?: string | undefined;
  programId?: string | undefined;
  /** Integer minor units of `currency`. */
  amountMinor: number;
  currency: string;
  merchant: RiskMerchant;
  at: Date;
  entryMode?: string | undefined;
  /** The card as the authorization read it (with cardholderId and programId): a first read need not join the card. */
  card?: RiskCardFacts | undefined;
}

export type RiskAction = 'none' | 'flag' | 'review' | 'decline';

export const SIGNAL_NAMES = [
  'velocity',
  'amount_zscore',
  'new_country',
  'new_merchant',
  'card_testing',
  'impossible_travel',
  'decline_streak',
  'status_change',
  'night_time',
  'block_list',
  'allow_list',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

/**
 * One evaluated signal, quiet ones included, so the decision trace can say what was looked at.
 * `weight` is the points it added to the score (0 when quiet); `value` holds the figures.
 */
export interface RiskSignal {
  name: SignalName;
  value: Record<string, unknown>;
  weight: number;
  explanation: string;
}

export interface BlockListHit {
  list: string;
  list_name: string;
  source: string;
  source_date: string;
  policy: 'decline' | 'flag';
  entry: string;
  kind: string;
  label: string;
}

export interface RiskAssessment {
  /** 0..99. */
  score: number;
  signals: RiskSignal[];
  action: RiskAction;
  /** The first (most severe) block-list match, when any. */
  blockListHit?: BlockListHit;
  /** One sentence for the decision trace: why this action. */
  reason: string;
  /** The same as data, which the trace keeps and the screens say in the person's language. */
  explanation: RiskExplanation;
  allowListed: boolean;
  thresholds: { flag: number | null; review: number | null; decline: number | null };
}

export interface RiskOutcome extends RiskInput {
  authorizationId: string;
  approved: boolean;
  responseCode: string;
  /** The assessment scoreAuthorization returned for this authorization: alerts are raised from it. */
  assessment?: RiskAssessment | undefined;
}

export const ACTION_RANK: Readonly<Record<RiskAction, number>> = { none: 0, flag: 1, review: 2, decline: 3 };

export function strongerAction(a: RiskAction, b: RiskAction): RiskAction {
  return ACTION_RANK[a] >= ACTION_RANK[b] ? a : b;
}
