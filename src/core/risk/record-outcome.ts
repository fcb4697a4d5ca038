import { sql } from 'kysely';
import { fromJson, toJson, type Db } from '../db/database.js';
import { loadRiskFacts, memoFacts, type CardRiskState, type RiskFacts } from './risk-facts.js';
import { directFor } from '../db/direct.js';
import { policyFromJson, tinyAmountMinor } from './risk-policy.js';
import { APPROVED, TINY } from './recent-window.js';
import { addSample } from './welford.js';
import { factsOf, signalSummary } from './score.js';
import { raiseAlert } from './alerts/raise-alert.js';
import type { Severity } from './alerts/alert.js';
import type { RiskAssessment, RiskOutcome, RiskWriteCtx } from './risk-types.js';
import { formatMoney } from './format.js';
import { prepared, type Placeholder } from './prepared.js';
import { memoOf, type RiskMemo } from './risk-memo.js';

/**
 * Folds one decided authorization into the card's signal state, in the authorization's own write:
 * counters, the decline streak, the running amount statistics (approved only), the 24-hour ring,
 * the last place seen, and (approved only) the countries and merchants seen. Then, when the
 * assessment flagged, sent to review or declined, or a block list matched, raises the alert.
 * Call it for every decided authorization on a known card, declined ones too: declines feed the
 * streak and card-testing signals.
 */
export async function recordAuthorizationOutcome(ctx: RiskWriteCtx, outcome: RiskOutcome): Promise<{ alertId: string | null }> {
  const memo = memoOf(ctx);
  const facts = factsOf(outcome.assessment) ?? (await loadRiskFacts(ctx.db, outcome, memo));
  const at = outcome.at.toISOString();
  let state = facts.state;
  const existed = state.exists;
  if (!state.exists && facts.replacementFor) {
    state = await inheritFromReplaced(ctx.db, facts, state, at);
    memo?.forgetSeen(facts.cardId);
  }
  fold(state, facts, outcome, at);
  try {
    await saveState(ctx.db, facts, state, at, existed);
  } catch (error) {
    memo?.forgetCard(facts.cardId); // changed above but not written: read it again next time
    throw error;
  }
  memo?.states.set(facts.cardId, state);
  if (outcome.approved) await markSeen(ctx.db, facts, at, memo);
  const alertId = outcome.assessment ? await alertFor(ctx, outcome, outcome.assessment) : null;
  return { alertId };
}

/**
 * The same recording at once, without a promise, when nothing in it has to wait: the memo knows
 * the card, the transaction takes the direct shortcut, no alert is due and no replaced card's
 * history is to be inherited (the usual decision in the authorization queue). False, having done
 * nothing, otherwise (then `recordAuthorizationOutcome`).
 */
export function recordFromMemo(ctx: RiskWriteCtx, outcome: RiskOutcome, assessment = outcome.assessment): boolean {
  const memo = memoOf(ctx);
  if (!memo || (assessment && (assessment.action !== 'none' || assessment.blockListHit)) || !directFor(ctx.db)) return false;
  const facts = factsOf(assessment) ?? memoFacts(outcome, memo);
  if (!facts || (!facts.state.exists && facts.replacementFor)) return false;
  const at = outcome.at.toISOString();
  const state = facts.state;
  const existed = state.exists;
  fold(state, facts, outcome, at);
  try {
    if (existed) UPDATE_STATE.runNow(ctx.db, changedValues([facts.cardId], state, at, true));
    else INSERT_STATE.runNow(ctx.db, changedValues([facts.cardId, facts.programId, toJson(state.dismissed)], state, at, true));
  } catch (error) {
    memo.forgetCard(facts.cardId);
    throw error;
  }
  memo.states.set(facts.cardId, state);
  if (outcome.approved) {
    for (const [kind, value, seen] of [['country', facts.country, facts.countrySeen], ['merchant', facts.merchantKey, facts.merchantSeen]] as const) {
      if (!value || seen) continue;
      INSERT_SEEN.runNow(ctx.db, [facts.cardId, kind, value, at]);
      memo.markSeen(facts.cardId, kind, value, true);
    }
  }
  return true;
}

/** One decided attempt folded into the card's state, in place (the memo keeps this object, and its ring's window sums, for the card's next decision). */
function fold(state: CardRiskState, facts: RiskFacts, outcome: RiskOutcome, at: string): void {
  const policy = policyFromJson(facts.policyJson);
  const inCurrency = outcome.currency === facts.programCurrency;
  const tiny = inCurrency && outcome.amountMinor <= tinyAmountMinor(policy, facts.programCurrency);
  const city = outcome.merchant.city ?? facts.branch?.city ?? null;
  const atS = Math.floor(outcome.at.getTime() / 1000);
  state.exists = true;
  state.authCount += 1;
  if (outcome.approved) {
    state.approvedCount += 1;
    state.declineStreak = 0;
    if (inCurrency) state.stats = addSample(state.stats, outcome.amountMinor);
  } else {
    state.declinedCount += 1;
    state.declineStreak += 1;
  }
  state.lastAt = at;
  state.lastAtS = atS;
  state.lastCity = city ?? state.lastCity;
  state.lastCountry = facts.country ?? state.lastCountry;
  state.lastMerchantId = outcome.merchant.id ?? state.lastMerchantId;
  state.recent.push(atS, inCurrency ? outcome.amountMinor : -1, (outcome.approved ? APPROVED : 0) | (tiny ? TINY : 0));
}

/** What recording changes: the per-decision write sets these and nothing else. */
const CHANGED_COLUMNS = [
  'auth_count', 'approved_count', 'declined_count', 'decline_streak', 'amount_n', 'amount_mean', 'amount_m2',
  'last_at', 'last_city', 'last_country', 'last_merchant_id', 'recent', 'updated_at',
] as const;
const INSERT_COLUMNS = ['program_id', 'dismissed', ...CHANGED_COLUMNS] as const;
const setOf = (p: Placeholder, columns: readonly string[], offset: number): Record<string, unknown> => Object.fromEntries(columns.map((column, i) => [column, p(i + offset)]));

/** The per-card state writes, built once (one of them runs for every decision). */
const INSERT_STATE = prepared((db, p) =>
  db
    .insertInto('risk_card_state')
    .values({ card_id: p(0), ...setOf(p, INSERT_COLUMNS, 1) } as never)
    // Two decisions racing on a new card (another process): the second one updates.
    .onConflict((oc) => oc.column('card_id').doUpdateSet(setOf(p, CHANGED_COLUMNS, 3) as never)),
);
const UPDATE_STATE = prepared((db, p) => db.updateTable('risk_card_state').set(setOf(p, CHANGED_COLUMNS, 1) as never).where('card_id', '=', p(0)));

/** Appends the CHANGED_COLUMNS values to `values` (the statement's leading parameters). */
function changedValues(values: unknown[], state: CardRiskState, at: string, bindsAtOnce = false): unknown[] {
  values.push(
    state.authCount,
    state.approvedCount,
    state.declinedCount,
    state.declineStreak,
    state.stats.n,
    state.stats.mean,
    state.stats.m2,
    state.lastAt,
    state.lastCity,
    state.lastCountry,
    state.lastMerchantId,
    state.recent.encode(bindsAtOnce),
    at,
  );
  return values;
}

export async function saveState(db: Db, facts: Pick<RiskFacts, 'cardId' | 'programId'>, state: CardRiskState, at: string, exists = false): Promise<void> {
  if (exists) await UPDATE_STATE.run(db, changedValues([facts.cardId], state, at));
  else await INSERT_STATE.run(db, changedValues([facts.cardId, facts.programId, toJson(state.dismissed)], state, at));
}

/** Presence is what the novelty signals need: a row is written the first time only (no write per decision). */
const INSERT_SEEN = prepared((db, p) =>
  db
    .insertInto('risk_card_seen')
    .values({ card_id: p(0), kind: p(1), value: p(2), first_at: p(3), last_at: p(3), count: 1 })
    .onConflict((oc) => oc.columns(['card_id', 'kind', 'value']).doNothing()),
);

async function markSeen(db: Db, facts: RiskFacts, at: string, memo: RiskMemo | undefined): Promise<void> {
  if (facts.country && !facts.countrySeen) {
    await INSERT_SEEN.run(db, [facts.cardId, 'country', facts.country, at]);
    memo?.markSeen(facts.cardId, 'country', facts.country, true);
  }
  if (facts.merchantKey && !facts.merchantSeen) {
    await INSERT_SEEN.run(db, [facts.cardId, 'merchant', facts.merchantKey, at]);
    memo?.markSeen(facts.cardId, 'merchant', facts.merchantKey, true);
  }
}

/**
 * A replacement card is the same person's card: it starts from the replaced card's amount history,
 * places and dismissals, so its first purchases are not all "new".
 */
async function inheritFromReplaced(db: Db, facts: RiskFacts, state: CardRiskState, at: string): Promise<CardRiskState> {
  const old = await db.selectFrom('risk_card_state').selectAll().where('card_id', '=', facts.replacementFor as string).executeTakeFirst();
  if (!old) return state;
  await db
    .insertInto('risk_card_seen')
    .columns(['card_id', 'kind', 'value', 'first_at', 'last_at', 'count'])
    .expression(
      db
        .selectFrom('risk_card_seen')
        .select([sql.lit(facts.cardId).as('card_id'), 'kind', 'value', 'first_at', sql.lit(at).as('last_at'), 'count'])
        .where('card_id', '=', facts.replacementFor as string),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  return {
    ...state,
    approvedCount: old.approved_count,
    stats: { n: old.amount_n, mean: old.amount_mean, m2: old.amount_m2 },
    dismissed: fromJson<Record<string, number>>(old.dismissed) ?? {},
  };
}

function severityFor(assessment: RiskAssessment): Severity {
  if (assessment.action === 'decline' || assessment.action === 'review') return 'high';
  if (assessment.blockListHit) return 'medium';
  return assessment.score >= 70 ? 'high' : 'medium';
}

async function alertFor(ctx: RiskWriteCtx, outcome: RiskOutcome, assessment: RiskAssessment): Promise<string | null> {
  const hit = assessment.blockListHit;
  if (assessment.action === 'none' && !hit) return null;
  const summary = signalSummary(assessment.signals);
  const verb = { decline: 'Declined for risk', review: 'Needs review', flag: 'Flagged', none: 'Noted' }[assessment.action];
  const title = hit
    ? `Block list "${hit.list_name}": ${hit.label}${outcome.approved ? '' : ' (declined)'}`
    : `${verb}: ${summary || `score ${assessment.score}`}`;
  const { alert } = await raiseAlert(ctx, {
    kind: hit ? 'block_list_hit' : 'authorization_risk',
    severity: severityFor(assessment),
    title,
    cardId: outcome.cardId,
    cardholderId: outcome.cardholderId ?? null,
    programId: outcome.programId ?? null,
    authorizationId: outcome.authorizationId,
    merchant: { ...outcome.merchant },
    score: assessment.score,
    action: assessment.action,
    signals: assessment.signals.filter((s) => s.weight > 0 || s.name === 'block_list' && hit !== undefined),
    detail: {
      reason: assessment.reason,
      approved: outcome.approved,
      response_code: outcome.responseCode,
      amount: outcome.amountMinor,
      currency: outcome.currency,
      amount_text: formatMoney(outcome.amountMinor, outcome.currency),
      at: outcome.at.toISOString(),
      entry_mode: outcome.entryMode ?? null,
      ...(hit ? { block_list: hit } : {}),
    },
  });
  return alert.id;
}
