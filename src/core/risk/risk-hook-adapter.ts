import { setRiskHook, type RiskHook, type RiskVerdict } from '../authorization/risk-hook.js';
import { scoreAuthorization } from './score.js';
import { recordAuthorizationOutcome } from './record-outcome.js';
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
  async assess(ctx, input) {
    const assessment = await scoreAuthorization(ctx, input);
    return { score: assessment.score, decline: assessment.action === 'decline', reason: assessment.reason, detail: assessment };
  },
  async recorded(ctx, outcome) {
    const { verdict, ...rest } = outcome;
    await recordAuthorizationOutcome(ctx, { ...rest, assessment: assessmentOf(verdict) });
  },
  newMemo: () => new RiskMemo(),
};

export function installRiskHook(): void {
  setRiskHook(kartuRiskHook);
}
