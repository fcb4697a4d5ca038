import type { Ctx } from '../bus/context.js';
import { fromJson } from '../db/database.js';
import { invalid } from '../kernel/errors.js';
import type { SpendingControls } from '../controls/spending-controls.js';
import type { Caps, Fees } from '../programs/program.js';
import { evaluateRules, type DecisionFacts } from './rules.js';
import { addTo, type UsageMap } from './usage-counters.js';
import { computeWindows, windowKeyList } from './windows.js';

export interface ReplayItem {
  authorization: string;
  card: string;
  created: number;
  amount: number;
  currency: string;
  merchant: { id: string | null; name: string; mcc: string; country: string };
  before: { approved: boolean; response_code: string; decline_reason: string | null };
  after: { approved: boolean; response_code: string; decline_reason: string | null };
}

export interface ReplayResult {
  object: 'rules_replay';
  evaluated: number;
  changed: number;
  newly_declined: number;
  newly_approved: number;
  data: ReplayItem[];
  /** The replay window reached its limit; older history was not replayed. */
  truncated: boolean;
}

/** Stages the proposed controls decide; outcomes of earlier stages (status, expiry) stay as they were. */
const CONTROL_REASONS = new Set<string>([
  'merchant_not_allowed', 'location_not_allowed', 'category_not_allowed', 'time_not_allowed', 'country_not_allowed',
  'spending_limit', 'velocity_limit', 'single_use_exhausted',
]);
const BEFORE_CONTROLS = new Set<string>(['card_unknown', 'card_inactive', 'card_canceled', 'card_lost', 'card_stolen', 'cardholder_inactive', 'cardholder_verification_required', 'card_expired', 'expiry_mismatch', 'invalid_amount']);

/**
 * Replays a card's or a program's past authorizations (oldest first, at most `limit`) under proposed
 * spending controls and reports those whose decision would change. Limits are recomputed from the
 * replayed history itself (what the proposed rules would have approved counts, at each
 * authorization's own time and windows). Decisions taken before the controls in the order (card
 * status, expiry) keep their outcome; after the controls, funds and risk keep theirs when the new
 * controls pass (money available then is not re-derived). Writes nothing.
 */
export async function replayRules(
  ctx: Ctx,
  input: { card?: string | undefined; program?: string | undefined; spending_controls: SpendingControls; since?: number | undefined; limit: number },
): Promise<ReplayResult> {
  if (!input.card === !input.program) throw invalid('parameter_invalid', 'Give either a card or a program to replay.', input.card ? 'program' : 'card');
  let q = ctx.db
    .selectFrom('authorizations')
    .innerJoin('programs', 'programs.id', 'authorizations.program_id')
    .innerJoin('cards', 'cards.id', 'authorizations.card_id')
    .select([
      'authorizations.id', 'authorizations.card_id', 'authorizations.account_id', 'authorizations.approved', 'authorizations.response_code',
      'authorizations.decline_reason', 'authorizations.requested_amount', 'authorizations.amount', 'authorizations.currency',
      'authorizations.merchant_id', 'authorizations.merchant_name', 'authorizations.merchant_mcc', 'authorizations.merchant_country',
      'authorizations.merchant_city', 'authorizations.location_id', 'authorizations.created_at', 'authorizations.merchant_currency',
      'programs.kind', 'programs.timezone', 'programs.week_starts_on', 'programs.caps', 'programs.fees',
    ]);
  if (input.card) {
    const exists = await ctx.db.selectFrom('cards').select('id').where('id', '=', input.card).executeTakeFirst();
    if (!exists) throw invalid('resource_missing', `No such card: '${input.card}'`, 'card');
    q = q.where('authorizations.card_id', '=', input.card);
  }
  if (input.program) {
    const exists = await ctx.db.selectFrom('programs').select('id').where('id', '=', input.program).executeTakeFirst();
    if (!exists) throw invalid('resource_missing', `No such program: '${input.program}'`, 'program');
    q = q.where('authorizations.program_id', '=', input.program);
  }
  if (input.since !== undefined) q = q.where('authorizations.created_at', '>=', new Date(input.since * 1000).toISOString());
  // The newest `limit`, replayed oldest first.
  const rows = (await q.orderBy('authorizations.id', 'desc').limit(input.limit + 1).execute()).reverse();
  const truncated = rows.length > input.limit;
  if (truncated) rows.shift();

  const usage = new Map<string, UsageMap>();
  const locked = new Map<string, string | null>();
  const items: ReplayItem[] = [];
  let newlyDeclined = 0;
  let newlyApproved = 0;
  for (const row of rows) {
    const account = row.account_id ?? row.card_id!;
    const windows = computeWindows(new Date(row.created_at), row.timezone, row.week_starts_on);
    const keys = windowKeyList(windows.keys);
    let accountUsage = usage.get(account);
    if (!accountUsage) usage.set(account, (accountUsage = new Map()));
    const before = { approved: row.approved === 1, response_code: row.response_code, decline_reason: row.decline_reason };
    let after = before;
    if (!BEFORE_CONTROLS.has(row.decline_reason ?? '')) {
      const facts: DecisionFacts = {
        card: { status: 'active', cancellation_reason: null, program_kind: row.kind },
        cardholderStatus: 'active',
        expired: false,
        expiryMismatch: false,
        controls: input.spending_controls,
        caps: fromJson<Caps>(row.caps),
        fees: fromJson<Fees>(row.fees),
        amount: row.requested_amount,
        crossCurrency: row.merchant_currency !== row.currency,
        merchant: { id: row.merchant_id, name: row.merchant_name, mcc: row.merchant_mcc, country: row.merchant_country, city: row.merchant_city },
        locationId: row.location_id,
        windows: windows.keys,
        local: windows.local,
        usage: accountUsage,
        lockedMerchant: locked.get(account) ?? null,
        available: null,
        partialSupported: false,
      };
      const outcome = evaluateRules(facts);
      if (!outcome.approved) {
        after = { approved: false, response_code: outcome.responseCode, decline_reason: outcome.reason };
      } else if (before.approved || !CONTROL_REASONS.has(before.decline_reason ?? '')) {
        after = before; // funds and risk outcomes stand
      } else {
        after = { approved: true, response_code: '00', decline_reason: null };
      }
    }
    if (after.approved) {
      const counted = before.approved ? row.amount : row.requested_amount;
      for (const key of keys) addTo(accountUsage, key, row.merchant_mcc, counted, 1);
      if (!locked.get(account)) locked.set(account, row.merchant_id);
    }
    if (after.approved !== before.approved || after.response_code !== before.response_code) {
      if (before.approved && !after.approved) newlyDeclined++;
      if (!before.approved && after.approved) newlyApproved++;
      items.push({
        authorization: row.id,
        card: row.card_id!,
        created: Math.floor(Date.parse(row.created_at) / 1000),
        amount: row.requested_amount,
        currency: row.currency,
        merchant: { id: row.merchant_id, name: row.merchant_name, mcc: row.merchant_mcc, country: row.merchant_country },
        before,
        after,
      });
    }
  }
  return { object: 'rules_replay', evaluated: rows.length, changed: items.length, newly_declined: newlyDeclined, newly_approved: newlyApproved, data: items, truncated };
}

