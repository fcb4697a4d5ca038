import { BLOCK_LIST_KINDS, RISK_REASONS, RISK_SIGNAL_LABELS, type RiskExplanation } from '../authorization/trace-texts.js';
import { loadRiskFacts, memoFacts, readFactsNow, type RiskFacts } from './risk-facts.js';
import { memoOf } from './risk-memo.js';
import { policyFromJson, SCORED_SIGNALS, tinyAmountMinor, type RiskPolicy, type ScoredSignal } from './risk-policy.js';
import { findBlockListHits, matchKeys } from './blocklist/blocklist-match.js';
import type { SignalContext, SignalFn } from './signals/signal-context.js';
import { velocitySignal } from './signals/velocity.js';
import { amountZScoreSignal } from './signals/amount-zscore.js';
import { newCountrySignal, newMerchantSignal } from './signals/novelty.js';
import { cardTestingSignal } from './signals/card-testing.js';
import { impossibleTravelSignal } from './signals/impossible-travel.js';
import { declineStreakSignal, statusChangeSignal } from './signals/card-state.js';
import { nightTimeSignal } from './signals/night-time.js';
import { strongerAction, type BlockListHit, type RiskAction, type RiskAssessment, type RiskInput, type RiskReadCtx, type RiskSignal } from './risk-types.js';

const SIGNALS: Readonly<Record<ScoredSignal, SignalFn>> = {
  velocity: velocitySignal,
  amount_zscore: amountZScoreSignal,
  new_country: newCountrySignal,
  new_merchant: newMerchantSignal,
  card_testing: cardTestingSignal,
  impossible_travel: impossibleTravelSignal,
  decline_streak: declineStreakSignal,
  status_change: statusChangeSignal,
  night_time: nightTimeSignal,
};

const MAX_DISCOUNTS = 3;

/** Facts read for an assessment, so recording its outcome in the same transaction need not read them again. */
const FACTS = new WeakMap<RiskAssessment, RiskFacts>();

export function factsOf(assessment: RiskAssessment | undefined): RiskFacts | undefined {
  return assessment ? FACTS.get(assessment) : undefined;
}

/**
 * Scores one authorization from the card's incrementally kept state: one query for the card, its
 * program's policy, its state and what it has seen; one for block lists. Reads only, so it can run
 * inside the authorization's transaction or as a preview. Every signal is in the result with its
 * explanation, quiet ones included, so the decision trace can show what was looked at.
 */
export async function scoreAuthorization(ctx: RiskReadCtx, input: RiskInput): Promise<RiskAssessment> {
  const facts = await loadRiskFacts(ctx.db, input, memoOf(ctx));
  const mcc = input.merchant.mcc ?? facts.branch?.mcc ?? null;
  const hits = facts.blockListMayMatch ? await findBlockListHits(ctx.db, matchKeys(input, facts, mcc)) : [];
  return assess(input, facts, hits);
}

/**
 * The same assessment at once, without a promise, when no block list can match: from the memo
 * alone when it knows everything it needs (the usual decision in the authorization queue), or
 * after the card's first read on a transaction bound for the direct shortcut (readFactsNow);
 * undefined otherwise (then `scoreAuthorization`, which finds what was read remembered).
 */
export function scoreFromMemo(ctx: RiskReadCtx, input: RiskInput): RiskAssessment | undefined {
  const memo = memoOf(ctx);
  const facts = memo ? (memoFacts(input, memo) ?? readFactsNow(ctx.db, input, memo)) : undefined;
  return facts && !facts.blockListMayMatch ? assess(input, facts, NO_HITS) : undefined;
}

const NO_HITS: readonly BlockListHit[] = [];

function assess(input: RiskInput, facts: RiskFacts, hits: readonly BlockListHit[]): RiskAssessment {
  const policy = policyFromJson(facts.policyJson);
  const city = input.merchant.city ?? facts.branch?.city ?? null;
  const mcc = input.merchant.mcc ?? facts.branch?.mcc ?? null;
  const nowS = Math.floor(input.at.getTime() / 1000);
  const amount = input.currency === facts.programCurrency ? input.amountMinor : null;
  const tinyMinor = tinyAmountMinor(policy, facts.programCurrency);
  const signalCtx: SignalContext = {
    input,
    facts,
    policy,
    nowS,
    amount,
    tiny: amount !== null && amount <= tinyMinor,
    tinyMinor,
    windows: facts.state.recent.windows(nowS),
    city,
    mcc,
  };
  const signals: RiskSignal[] = [];
  let score = 0;
  for (const name of SCORED_SIGNALS) {
    const signal = weigh(SIGNALS[name](signalCtx), policy, facts.state.dismissed);
    score += signal.weight;
    signals.push(signal);
  }
  score = Math.min(99, score);

  const hit = hits[0];
  signals.push(
    hit
      ? { name: 'block_list', value: { ...hit, matches: hits.length }, weight: 0, explanation: `${describeKind(hit.kind)} ${hit.label} is on block list "${hit.list_name}" (${hit.source}, ${hit.source_date}); the list's policy is to ${hit.policy}.` }
      : { name: 'block_list', value: {}, weight: 0, explanation: 'No block-list match.' },
  );

  const allowListed = facts.allow !== null && (facts.allow.until === null || facts.allow.until > input.at.toISOString());
  if (facts.allow) {
    signals.push({
      name: 'allow_list',
      value: { reason: facts.allow.reason, until: facts.allow.until, in_force: allowListed },
      weight: 0,
      explanation: allowListed ? `Card is on the program's allow list (${facts.allow.reason}): the score does not decline, review or flag it.` : `Card's allow-list exception (${facts.allow.reason}) ended ${facts.allow.until}.`,
    });
  }

  const t = policy.thresholds;
  let scoreAction: RiskAction = 'none';
  if (!allowListed) {
    if (t.decline !== null && score >= t.decline) scoreAction = 'decline';
    else if (t.review !== null && score >= t.review) scoreAction = 'review';
    else if (t.flag !== null && score >= t.flag) scoreAction = 'flag';
  }
  const action = strongerAction(scoreAction, hit ? hit.policy : 'none');
  const explanation = explanationFor(score, scoreAction, action, signals, policy, allowListed, hit);
  const assessment: RiskAssessment = {
    score,
    signals,
    action,
    reason: RISK_REASONS[explanation.key](explanation.values),
    explanation,
    allowListed,
    thresholds: { ...t },
    ...(hit ? { blockListHit: hit } : {}),
  };
  FACTS.set(assessment, facts);
  return assessment;
}

/** Switched-off signals weigh nothing; each false-positive dismissal on this card halves (by default) the weight. */
function weigh(signal: RiskSignal, policy: RiskPolicy, dismissed: Record<string, number>): RiskSignal {
  if (signal.weight === 0) return signal;
  if ((policy.disabled_signals as string[]).includes(signal.name)) {
    return { ...signal, weight: 0, explanation: `${signal.explanation} (This signal is switched off for the program.)` };
  }
  const times = Math.min(dismissed[signal.name] ?? 0, MAX_DISCOUNTS);
  if (times === 0) return signal;
  const weight = Math.round(signal.weight * policy.false_positive_discount ** times);
  return { ...signal, weight, value: { ...signal.value, dismissed_before: times }, explanation: `${signal.explanation} (Weighed less: dismissed as a false positive on this card ${times === 1 ? 'once' : `${times} times`}.)` };
}

function describeKind(kind: string): string {
  return BLOCK_LIST_KINDS[kind] ?? kind;
}

export function signalSummary(signals: readonly RiskSignal[]): string {
  return strongSignals(signals).map((s) => RISK_SIGNAL_LABELS[s.name] ?? s.name).join(', ');
}

function strongSignals(signals: readonly RiskSignal[]): RiskSignal[] {
  return signals.filter((s) => s.weight > 0).sort((a, b) => b.weight - a.weight);
}

/** Why this action, as data (trace-texts.ts RISK_REASONS says it in words). */
function explanationFor(
  score: number,
  scoreAction: RiskAction,
  action: RiskAction,
  signals: readonly RiskSignal[],
  policy: RiskPolicy,
  allowListed: boolean,
  hit: RiskAssessment['blockListHit'],
): RiskExplanation {
  const base = { score, signals: strongSignals(signals).map((s) => s.name).join(',') };
  if (hit && action === hit.policy && (hit.policy === 'decline' || scoreAction === 'none')) {
    return { key: 'risk_block_list', values: { ...base, kind: hit.kind, label: hit.label, list: hit.list_name, policy: hit.policy } };
  }
  if (allowListed) return { key: 'risk_allow_listed', values: base };
  const t = policy.thresholds;
  switch (scoreAction) {
    case 'decline':
      return { key: 'risk_decline', values: { ...base, threshold: t.decline! } };
    case 'review':
      return { key: 'risk_review', values: { ...base, threshold: t.review! } };
    case 'flag':
      return { key: 'risk_flag', values: { ...base, threshold: t.flag! } };
    case 'none':
      return t.flag === null ? { key: 'risk_no_action', values: base } : { key: 'risk_below_flag', values: { ...base, threshold: t.flag } };
  }
}
