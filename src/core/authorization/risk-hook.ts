import type { RiskExplanation } from './trace-texts.js';
import type { Ctx } from '../bus/context.js';

/**
 * The seam to the risk engine (59 suspected_fraud is the last check of the decision). Field names
 * follow src/core/risk's RiskInput so its scorer can be plugged in as it is. The risk domain owns
 * the real policy; this file owns only the hook and the default.
 */
/**
 * What the decision already read about the card and its program, handed to the hook so that a
 * card's first assessment in a session need not read the same rows again (one object per card
 * context, made when the context is read).
 */
export interface RiskCardFacts {
  status: string;
  fingerprint: string;
  createdAt: string;
  activatedAt: string | null;
  replacementFor: string | null;
  timezone: string;
  currency: string;
}

export interface RiskInput {
  cardId: string;
  cardholderId?: string | undefined;
  programId?: string | undefined;
  amountMinor: number;
  currency: string;
  merchant: { id?: string | null; name?: string | null; mcc?: string | null; country?: string | null; city?: string | null };
  at: Date;
  entryMode?: string | undefined;
  /** The card as the decision read it (with cardholderId and programId), when it has it. */
  card?: RiskCardFacts | undefined;
}

export interface RiskVerdict {
  /** 0 (no concern) .. 99. */
  score: number;
  /** Decline with 59 suspected_fraud: the merchant's choice, never the default. */
  decline: boolean;
  /** One sentence for the decision trace. */
  reason: string;
  /** The same as data (trace-texts.ts RISK_REASONS), when the hook gives it: the trace keeps it. */
  explanation?: RiskExplanation;
  /** Anything the hook wants back in `recorded` (e.g. its full assessment). */
  detail?: unknown;
}

/**
 * What a hook may use: the decision's own transaction (reads and writes) and events, and the memo
 * it made with `newMemo` for this session (absent for a one-off decision).
 */
export type RiskCtx = Pick<Ctx, 'db' | 'ids' | 'clock' | 'emit'> & { memo?: unknown };

export interface RiskOutcomeInput extends RiskInput {
  authorizationId: string;
  approved: boolean;
  responseCode: string;
  verdict: RiskVerdict | null;
}

export interface RiskHook {
  /** Called for a decision that passed every other rule. */
  assess(ctx: RiskCtx, input: RiskInput): RiskVerdict | Promise<RiskVerdict>;
  /** Called for every decision on a known card, approved or declined, in the same write. */
  recorded?(ctx: RiskCtx, outcome: RiskOutcomeInput): Promise<void>;
  /**
   * A cache the hook may keep across a session's decisions and, in the authorization queue,
   * across its commits while nothing else writes: whatever it remembers must be what the database
   * holds once the session's writes are committed (the hook's own writes included).
   */
  newMemo?(): unknown;
  /** Another write changed these cards (status, cardholder, risk state): the memo forgets them. */
  forgetCards?(memo: unknown, cardIds: ReadonlySet<string>): void;
}

/** The default scores nothing and never declines (ARCHITECTURE.md: declining for risk is the merchant's choice). */
export const defaultRiskHook: RiskHook = {
  assess: () => ({ score: 0, decline: false, reason: 'no risk policy installed: scored 0, not declined' }),
};

let current: RiskHook = defaultRiskHook;

/** Installed by the risk domain at start-up; null restores the default. */
export function setRiskHook(hook: RiskHook | null): void {
  current = hook ?? defaultRiskHook;
}

export function riskHook(): RiskHook {
  return current;
}
