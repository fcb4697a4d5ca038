import { setRiskHook, type RiskHook, type RiskVerdict } from '../authorization/risk-hook.js';
import { scoreAuthorization, scoreFromMemo } from './score.js';
import { recordAuthorizationOutcome, recordFromMemo } from './record-outcome.js';
import type { RiskAssessment } from './risk-types.js';
import { RiskMemo } from './risk-memo.js';

function assessmentOf(verdict: RiskVerdict | null): RiskAssessment | undefined {
  const detail = verdict?.detail as RiskAssessment | undefined;
  return detail && Array.isArray(detail.signals) && typeof detail.action === 'string' ? detail : undefined;
}

/**
 * The risk domain behind the authorization's hook: the score and its action become the verdict
 * (decline only when the program's policy or a declining block list says so: code 59), and every
 * decision on a known card is folded into the card's signal state in the same write, raising the
 * alert for a flagged, reviewed or declined one.
 */
export const kartuRiskHook: RiskHook = {
  // At once when the memo knows all it needs (no promise, no query), else the full path.
  assess(ctx, input) {
    const known = scoreFromMemo(ctx, input);
    return known ? verdictOf(known) : scoreAuthorization(ctx, input).then(verdictOf);
  },
  recorded(ctx, outcome) {
    const assessment = assessmentOf(outcome.verdict);
    // The outcome as it is (its extra `verdict` field is not read): no copy on the usual path.
    if (recordFromMemo(ctx, outcome, assessment)) return DONE;
    const { verdict: _, ...rest } = outcome;
    return recordAuthorizationOutcome(ctx, { ...rest, assessment }).then(() => undefined);
  },
  newMemo: () => new RiskMemo(),
  forgetCards(memo, cardIds) {
    if (memo instanceof RiskMemo) for (const id of cardIds) memo.forgetCard(id);
  },
};

const DONE: Promise<void> = Promise.resolve();

function verdictOf(assessment: RiskAssessment): RiskVerdict {
  return { score: assessment.score, decline: assessment.action === 'decline', reason: assessment.reason, explanation: assessment.explanation, detail: assessment };
}

export function installRiskHook(): void {
  setRiskHook(kartuRiskHook);
}
