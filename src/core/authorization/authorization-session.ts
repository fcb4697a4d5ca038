import type { LocationRow } from '../db/schema.js';
import type { TouchedState } from '../db/write-journal.js';
import type { Ctx } from '../bus/context.js';
import { toJson, type Db } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { systemSpec } from '../ledger/accounts.js';
import { LedgerBatch } from '../ledger/ledger-batch.js';
import { fundingModel, fundsSpecOf, openFunds } from '../ledger/funding.js';
import { assertSameRequest } from '../ledger/idempotency.js';
import type { AuthorizationRow, LedgerAccountRow } from '../ledger/tables.js';
import { findRate, type ResolvedRate } from '../fx/fx-rates.js';
import { convertMinor, shareHalfUp } from '../fx/rate.js';
import { DECLINE_CODES } from './decline-reasons.js';
import { authorizationFromRow, authorizationEventData, NO_HOLDS, type Authorization, type CountedIn, type Holds, type RequestHistoryEntry } from './authorization.js';
import { cardContextByFingerprint, cardContextById, type CardContext } from './card-context.js';
import { applyRisk, evaluateRules, traceLine, type DecisionFacts, type MerchantFacts, type RuleOutcome, type TraceEntry } from './rules.js';
import { encodeTrace } from './trace-codec.js';
import { riskHook, type RiskCtx, type RiskHook, type RiskInput, type RiskVerdict } from './risk-hook.js';
import { addTo, applyCounterDeltas, deltasFor, loadUsage, type CounterDelta, type UsageMap } from './usage-counters.js';
import { localMonthIndex, windowKeyList, windowsAt } from './windows.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';
import { holdSecondsOf } from './hold-time.js';

export interface AuthorizeInput {
  card?: string | undefined;
  number?: string | undefined;
  exp_month?: number | undefined;
  exp_year?: number | undefined;
  amount: number;
  currency?: string | undefined;
  merchant?: { id?: string | undefined; name: string; mcc: string; country: string; city?: string | undefined } | undefined;
  location?: string | undefined;
  entry_mode?: string | undefined;
  partial_approval_supported?: boolean | undefined;
  client_id?: string | undefined;
  stand_in?: boolean | undefined;
}

export type SessionServices = Pick<Ctx, 'db' | 'ids' | 'clock' | 'vault' | 'mode'>;

export interface BufferedEvent {
  type: string;
  objectId: string;
  data: Record<string, unknown>;
}

const NO_HOLDS_JSON = toJson(NO_HOLDS);

const AUTHORIZATION_COLUMNS = [
  'id', 'client_id', 'card_id', 'account_id', 'cardholder_id', 'program_id', 'card_last4', 'approved', 'response_code', 'decline_reason',
  'status', 'requested_amount', 'amount', 'currency', 'merchant_amount', 'merchant_currency', 'fx_rate', 'pending_amount', 'captured_amount',
  'reversed_amount', 'refunded_amount', 'fees', 'holds', 'windows', 'merchant_id', 'merchant_name', 'merchant_mcc', 'merchant_country',
  'merchant_city', 'location_id', 'entry_mode', 'partial_approval', 'stand_in', 'risk_score', 'trace', 'request_history', 'created_at',
  'updated_at', 'expires_at',
] as const satisfies ReadonlyArray<keyof AuthorizationRow>;
const insertAuthorization = new PreparedInsert<AuthorizationRow>('authorizations', AUTHORIZATION_COLUMNS);
/** Every ISO 8583 purchase carries its acquirer references as a client id: asked once per decision. */
const authorizationByClientId = new Prepared<[string], AuthorizationRow>(1, (db, clientId) => db.selectFrom('authorizations').selectAll().where('client_id', '=', clientId));
/** A sale at one of the merchant's own counters names its branch. */
const locationById = new Prepared<[string], LocationRow>(1, (db, id) => db.selectFrom('locations').selectAll().where('id', '=', id));
const locationByMerchant = new Prepared<[string], { id: string }>(1, (db, merchantId) => db.selectFrom('locations').select('id').where('merchant_id', '=', merchantId));

/** Beyond this many cards remembered, a long-lived session starts afresh (bounds its memory). */
const MAX_REMEMBERED_CARDS = 50_000;

/**
 * Decides authorizations and stages their writes (the decision row, its holds, the usage counters,
 * its event) so that one `flush()` writes them all in the caller's transaction. The bus command
 * uses a session for one decision; the AuthorizationQueue uses one for a whole group commit, where
 * later decisions see the earlier ones (balances, counters, client ids) through the session's
 * caches. A decision that throws is undone in memory and leaves nothing staged.
 *
 * The queue also keeps one session from one commit to the next (`begin` binds the next batch's
 * transaction): after a commit, what the session remembers — card contexts, the numbers' cards,
 * window counters, balances, the risk engine's memo — is exactly what the database holds, so the
 * next batch need not read it again. That is only true while nothing else writes, and the queue
 * checks it before every batch (OpenedDatabase.writeStamp); when anything else wrote, it starts a
 * fresh session.
 */
export class AuthorizationSession {
  readonly ledger: LedgerBatch;
  readonly events: BufferedEvent[] = [];
  private readonly cards = new Map<string, CardContext>();
  /** A number's card by fingerprint and expiry (null: Kartu did not issue it). */
  private readonly byNumber = new Map<string, string | null>();
  private readonly usage = new Map<string, { keys: string; keySet: Set<string>; map: UsageMap }>();
  private readonly counterDeltas: CounterDelta[] = [];
  private readonly stagedByAccount = new Map<string, CounterDelta[]>();
  private readonly locations = new Map<string, string | null>();
  private readonly locked = new Map<string, string | null>();
  /** Per batch: a rate depends on the time it is asked at. */
  private readonly rates = new Map<string, ResolvedRate | null>();
  private readonly rows: AuthorizationRow[] = [];
  private readonly byClientId = new Map<string, AuthorizationRow>();
  private holdSeconds: number | null = null;
  /** Counter accounts this session wrote since it was bound (its cache of them is the database's). */
  private readonly writtenUsage = new Set<string>();
  private undo: Array<() => void> = [];
  /** The risk engine's own cache, opaque here, kept as long as this session and its hook. */
  private riskMemo: { hook: RiskHook; memo: unknown } | null = null;

  constructor(private s: SessionServices) {
    this.ledger = new LedgerBatch(s.db, s.ids, s.clock);
  }

  /** Binds the next batch's transaction to a session that committed its previous batch. */
  begin(db: Db): void {
    this.s = { ...this.s, db };
    this.ledger.rebind(db);
    this.writtenUsage.clear();
    this.rates.clear();
    this.byClientId.clear();
    this.events.length = 0;
  }

  /** Too much remembered: the queue should start a fresh session. */
  get oversized(): boolean {
    return this.cards.size > MAX_REMEMBERED_CARDS || this.usage.size > MAX_REMEMBERED_CARDS || this.byNumber.size > MAX_REMEMBERED_CARDS;
  }

  now(): Date {
    return this.s.clock.now();
  }

  private get livemode(): boolean {
    return this.s.mode === 'live';
  }

  async authorize(input: AuthorizeInput): Promise<Authorization> {
    const ledgerMark = this.ledger.savepoint();
    const mark = this.undo.length;
    try {
      return await this.decide(input);
    } catch (error) {
      this.ledger.rollback(ledgerMark);
      while (this.undo.length > mark) this.undo.pop()!();
      throw error;
    }
  }

  private async decide(input: AuthorizeInput): Promise<Authorization> {
    const now = this.s.clock.now();
    const merchant = await this.resolveMerchant(input);
    const card = await this.resolveCard(input);
    const requestedCurrency = input.currency ?? card?.currency ?? 'IDR';
    if (input.client_id) {
      const first = this.byClientId.get(input.client_id) ?? (await authorizationByClientId.execute(this.s.db, input.client_id))[0];
      if (first) {
        assertSameRequest(input.client_id, { amount: first.merchant_amount, target: first.card_id }, { amount: input.amount, target: card?.id ?? null });
        return authorizationFromRow(first, this.livemode);
      }
    }
    if (!card) return this.record(this.unknownCard(input, merchant, requestedCurrency, now));

    // Amounts are kept in the card's currency; a foreign merchant's amount is converted at the
    // newest rate in effect, half up on the card currency's minor unit.
    let amount = input.amount;
    let rate: ResolvedRate | null = null;
    const cross = requestedCurrency !== card.currency;
    if (cross) {
      rate = await this.rate(requestedCurrency, card.currency, now);
      if (!rate) {
        throw invalid('fx_rate_missing', `No exchange rate from ${requestedCurrency} to ${card.currency} is set; add one with fx-rate-set.`, 'currency');
      }
      amount = convertMinor(input.amount, requestedCurrency, card.currency, rate.rate);
    }
    const { outcome, keys, locationId, riskInput, verdict } = await this.evaluate(card, merchant, amount, cross, now, {
      partialSupported: input.partial_approval_supported === true,
      expiryMismatch: input.number !== undefined && input.exp_month !== undefined && (input.exp_month !== card.exp_month || input.exp_year !== card.exp_year),
      entryMode: input.entry_mode,
    });
    const history = [historyEntry('authorization', amount, outcome.approved, outcome.approved ? outcome.amount : amount, outcome.responseCode, outcome.reason, now)];
    const row = this.buildRow(input, card, merchant, locationId, outcome, amount, rate, requestedCurrency, now, keys, history);
    if (outcome.approved) await this.placeHolds(row, card, outcome, cross);
    const recorded = this.record(row, { trace: outcome.trace, fees: outcome.fees, history });
    const hook = riskHook();
    if (hook.recorded) {
      await hook.recorded(this.riskCtx(), { ...riskInput, amountMinor: amount, authorizationId: row.id, approved: outcome.approved, responseCode: outcome.responseCode, verdict });
    }
    return recorded;
  }

  /** Gathers the facts for `amount` (card currency) at this card and merchant, runs the rules, then the risk hook. */
  async evaluate(
    card: CardContext,
    merchant: MerchantFacts & { location: string | null },
    amount: number,
    cross: boolean,
    now: Date,
    opts: { partialSupported: boolean; expiryMismatch: boolean; entryMode: string | undefined },
  ): Promise<{ outcome: RuleOutcome; keys: string[]; locationId: string | null; riskInput: RiskInput; verdict: RiskVerdict | null }> {
    const windows = windowsAt(now, card.timezone, card.week_starts_on);
    const keys = windowKeyList(windows.keys);
    const needsLocation = card.kind === 'loyalty' || card.controls.allowed_locations !== null;
    const locationId = merchant.location ?? (needsLocation && merchant.id ? await this.locationOf(merchant.id) : null);
    const fundsId = fundsSpecOf(card.funding).id;
    const fundsRow = await this.ledger.find(fundsId);
    const facts: DecisionFacts = {
      card: { status: card.status, cancellation_reason: card.cancellation_reason, program_kind: card.kind },
      cardholderStatus: card.cardholder_status,
      cardholderVerification: card.cardholder_verification,
      // Same rule as cards/expiry.ts isExpired: expired after the last day of the expiry month, local time.
      expired: localMonthIndex(windows.keys) > card.exp_year * 12 + (card.exp_month - 1),
      expiryMismatch: opts.expiryMismatch,
      controls: card.controls,
      caps: card.caps,
      fees: card.fees,
      amount,
      crossCurrency: cross,
      merchant: { id: merchant.id, name: merchant.name, mcc: merchant.mcc, country: merchant.country, city: merchant.city },
      locationId,
      windows: windows.keys,
      local: windows.local,
      usage: await this.usageOf(card.account_id, keys),
      lockedMerchant: card.controls.merchant_lock ? await this.lockedMerchantOf(card.account_id) : null,
      available: availableFor(card, fundsRow),
      partialSupported: opts.partialSupported,
    };
    let outcome = evaluateRules(facts);
    const riskInput: RiskInput = {
      cardId: card.id,
      cardholderId: card.cardholder_id,
      programId: card.program_id,
      amountMinor: outcome.amount,
      currency: card.currency,
      merchant: { id: merchant.id, name: merchant.name, mcc: merchant.mcc, country: merchant.country, city: merchant.city },
      at: now,
      entryMode: opts.entryMode,
      card: card.risk,
    };
    let verdict: RiskVerdict | null = null;
    if (outcome.awaitingRisk) {
      verdict = await riskHook().assess(this.riskCtx(), riskInput);
      outcome = applyRisk(outcome, verdict, amount);
    }
    return { outcome, keys, locationId, riskInput, verdict };
  }

  /** A card by id, from this session's cache or the database. */
  async card(id: string, param = 'card'): Promise<CardContext> {
    const cached = this.cards.get(id);
    if (cached) return cached;
    const card = await cardContextById(this.s.db, id);
    if (!card) throw notFound('card', id, param);
    return this.remember(card);
  }

  /**
   * A context just read: its joined funds row primes the ledger cache now, while it is what the
   * database holds. Later the context may outlive its funds (a capture that this session forgot,
   * see \`forget\`), and a stale row must not prime the cache then.
   */
  private remember(card: CardContext): CardContext {
    if (card.fundsRow) this.ledger.prime(card.fundsRow);
    this.cards.set(card.id, card);
    return card;
  }

  /**
   * Another write changed these (db/write-journal.ts): read them again when next needed. Called
   * between batches only, when nothing is staged.
   */
  forget(touched: TouchedState): void {
    for (const id of touched.ledgerAccounts) this.ledger.forget(id);
    for (const id of touched.usageAccounts) {
      this.usage.delete(id);
      this.locked.delete(id);
    }
    if (touched.cards.size === 0) return;
    const hook = this.riskMemo?.hook;
    for (const id of touched.cards) {
      const card = this.cards.get(id);
      this.cards.delete(id);
      if (card) {
        this.usage.delete(card.account_id);
        this.locked.delete(card.account_id);
        this.ledger.forget(fundsSpecOf(card.funding).id);
      }
    }
    // The numbers' cards: a changed card may be a replacement, or a number now refused.
    this.byNumber.clear();
    if (hook?.forgetCards) hook.forgetCards(this.riskMemo!.memo, touched.cards);
  }

  /**
   * \`forget\`, except what this session wrote itself since it was bound: for a journal of work that
   * went partly through this session (a capture given it) and perhaps partly around it.
   */
  forgetOthers(touched: TouchedState): void {
    const ledgerAccounts = new Set([...touched.ledgerAccounts].filter((id) => !this.ledger.written.has(id)));
    const usageAccounts = new Set([...touched.usageAccounts].filter((id) => !this.writtenUsage.has(id)));
    this.forget({ ledgerAccounts, usageAccounts, cards: touched.cards });
  }

  /** Counts an approved amount (or takes a released one back) in the account's windows. */
  count(accountId: string, keys: readonly string[], mcc: string, amount: number, count: number): void {
    const deltas = deltasFor(accountId, keys, mcc, amount, count);
    const usage = this.usage.get(accountId);
    let staged = this.stagedByAccount.get(accountId);
    if (!staged) this.stagedByAccount.set(accountId, (staged = []));
    for (const d of deltas) {
      this.counterDeltas.push(d);
      staged.push(d);
      if (usage?.keySet.has(d.window_key)) addTo(usage.map, d.window_key, d.mcc, d.amount, d.count);
    }
    const list = staged;
    this.undo.push(() => {
      this.counterDeltas.length -= deltas.length;
      list.length -= deltas.length;
      if (usage) for (const d of deltas) if (usage.keySet.has(d.window_key)) addTo(usage.map, d.window_key, d.mcc, -d.amount, -d.count);
    });
  }

  private riskCtx(): RiskCtx {
    // A memo belongs to the hook that made it; a newly installed hook starts with its own.
    const hook = riskHook();
    if (this.riskMemo?.hook !== hook) this.riskMemo = { hook, memo: hook.newMemo?.() };
    return {
      db: this.s.db,
      ids: this.s.ids,
      clock: this.s.clock,
      memo: this.riskMemo.memo,
      emit: async (type, objectId, data) => {
        this.events.push({ type, objectId, data });
        this.undo.push(() => this.events.pop());
      },
    };
  }

  private async resolveMerchant(input: AuthorizeInput): Promise<MerchantFacts & { location: string | null }> {
    if (input.location) {
      const [location] = await locationById.execute(this.s.db, input.location);
      if (!location) throw notFound('location', input.location, 'location');
      const m = input.merchant;
      return {
        id: m?.id ?? location.merchant_id,
        name: m?.name ?? location.name,
        mcc: m?.mcc ?? location.mcc,
        country: m?.country ?? location.country,
        city: m?.city ?? location.city,
        location: location.id,
      };
    }
    if (!input.merchant) throw invalid('parameter_missing', 'Give the merchant (name, mcc, country) or a location.', 'merchant');
    const m = input.merchant;
    return { id: m.id ?? null, name: m.name, mcc: m.mcc, country: m.country, city: m.city ?? null, location: null };
  }

  private async resolveCard(input: AuthorizeInput): Promise<CardContext | null> {
    if (input.card) return this.card(input.card);
    if (!input.number) throw invalid('parameter_missing', 'Give the card (id) or its number.', 'card');
    const expiry = input.exp_month !== undefined && input.exp_year !== undefined ? { month: input.exp_month, year: input.exp_year } : undefined;
    const fingerprint = this.s.vault.fingerprint(input.number);
    const key = expiry ? `${fingerprint}|${expiry.month}|${expiry.year}` : fingerprint;
    const known = this.byNumber.get(key);
    if (known === null) return null;
    if (known !== undefined) return this.card(known);
    const card = await cardContextByFingerprint(this.s.db, fingerprint, expiry);
    this.byNumber.set(key, card?.id ?? null);
    if (!card) return null;
    return this.cards.get(card.id) ?? this.remember(card);
  }

  private async rate(from: string, to: string, at: Date): Promise<ResolvedRate | null> {
    const key = `${from}>${to}`;
    if (!this.rates.has(key)) this.rates.set(key, await findRate(this.s.db, from, to, at));
    return this.rates.get(key) ?? null;
  }

  private async locationOf(merchantId: string): Promise<string | null> {
    if (!this.locations.has(merchantId)) {
      const [row] = await locationByMerchant.execute(this.s.db, merchantId);
      this.locations.set(merchantId, row?.id ?? null);
    }
    return this.locations.get(merchantId) ?? null;
  }

  private async lockedMerchantOf(accountId: string): Promise<string | null> {
    if (!this.locked.has(accountId)) {
      const row = await this.s.db
        .selectFrom('authorizations')
        .select('merchant_id')
        .where('account_id', '=', accountId)
        .where('approved', '=', 1)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      this.locked.set(accountId, row?.merchant_id ?? null);
    }
    return this.locked.get(accountId) ?? null;
  }

  private async usageOf(accountId: string, keys: string[]): Promise<UsageMap> {
    const joined = keys.join('|');
    const cached = this.usage.get(accountId);
    if (cached && cached.keys === joined) return cached.map;
    const map = await loadUsage(this.s.db, accountId, keys);
    // Staged but unwritten deltas of this session count too.
    const keySet = new Set(keys);
    for (const d of this.stagedByAccount.get(accountId) ?? []) if (keySet.has(d.window_key)) addTo(map, d.window_key, d.mcc, d.amount, d.count);
    this.usage.set(accountId, { keys: joined, keySet, map });
    return map;
  }

  private async holdTime(): Promise<number> {
    if (this.holdSeconds === null) this.holdSeconds = await holdSecondsOf(this.s.db);
    return this.holdSeconds;
  }

  private unknownCard(input: AuthorizeInput, merchant: MerchantFacts & { location: string | null }, currency: string, now: Date): AuthorizationRow {
    const trace: TraceEntry[] = [traceLine('card_known', 'fail', 'card_unknown', undefined, 'card_unknown')];
    return {
      ...this.baseRow(input, merchant, now),
      card_id: null,
      account_id: null,
      cardholder_id: null,
      program_id: null,
      card_last4: input.number ? input.number.slice(-4) : null,
      approved: 0,
      response_code: DECLINE_CODES.card_unknown,
      decline_reason: 'card_unknown',
      status: 'closed',
      requested_amount: input.amount,
      amount: input.amount,
      currency,
      merchant_amount: input.amount,
      merchant_currency: currency,
      trace: encodeTrace(trace),
      request_history: toJson([historyEntry('authorization', input.amount, false, input.amount, DECLINE_CODES.card_unknown, 'card_unknown', now)]),
    };
  }

  private baseRow(input: AuthorizeInput, merchant: MerchantFacts & { location: string | null }, now: Date) {
    const at = now.toISOString();
    return {
      id: this.s.ids.next('auth'),
      client_id: input.client_id ?? null,
      fx_rate: null as string | null,
      pending_amount: 0,
      captured_amount: 0,
      reversed_amount: 0,
      refunded_amount: 0,
      fees: toJson({ transaction: 0, fx: 0 }),
      holds: toJson(NO_HOLDS),
      windows: toJson({ keys: [], mcc: merchant.mcc } satisfies CountedIn),
      merchant_id: merchant.id,
      merchant_name: merchant.name,
      merchant_mcc: merchant.mcc,
      merchant_country: merchant.country,
      merchant_city: merchant.city,
      location_id: merchant.location,
      entry_mode: input.entry_mode ?? null,
      partial_approval: input.partial_approval_supported ? 1 : 0,
      stand_in: input.stand_in ? 1 : 0,
      risk_score: null as number | null,
      created_at: at,
      updated_at: at,
      expires_at: null as string | null,
    };
  }

  private buildRow(
    input: AuthorizeInput,
    card: CardContext,
    merchant: MerchantFacts & { location: string | null },
    locationId: string | null,
    outcome: RuleOutcome,
    requested: number,
    rate: ResolvedRate | null,
    merchantCurrency: string,
    now: Date,
    keys: string[],
    history: RequestHistoryEntry[],
  ): AuthorizationRow {
    const approved = outcome.approved;
    const amount = approved ? outcome.amount : requested;
    // A partial approval's merchant amount is the approved share of what the merchant asked.
    const merchantAmount = approved && amount !== requested ? shareHalfUp(input.amount, amount, requested) : input.amount;
    const at = now.toISOString();
    // One object literal with every column (no spreads): this runs for every decision.
    return {
      id: this.s.ids.next('auth'),
      client_id: input.client_id ?? null,
      card_id: card.id,
      account_id: card.account_id,
      cardholder_id: card.cardholder_id,
      program_id: card.program_id,
      card_last4: card.last4,
      approved: approved ? 1 : 0,
      response_code: outcome.responseCode,
      decline_reason: outcome.reason,
      status: approved ? 'pending' : 'closed',
      requested_amount: requested,
      amount,
      currency: card.currency,
      merchant_amount: merchantAmount,
      merchant_currency: merchantCurrency,
      fx_rate: rate ? rate.text : null,
      pending_amount: approved ? amount : 0,
      captured_amount: 0,
      reversed_amount: 0,
      refunded_amount: 0,
      fees: `{"transaction":${outcome.fees.transaction},"fx":${outcome.fees.fx}}`,
      holds: NO_HOLDS_JSON,
      windows: toJson({ keys: approved ? keys : [], mcc: merchant.mcc } satisfies CountedIn),
      merchant_id: merchant.id,
      merchant_name: merchant.name,
      merchant_mcc: merchant.mcc,
      merchant_country: merchant.country,
      merchant_city: merchant.city,
      location_id: locationId,
      entry_mode: input.entry_mode ?? null,
      partial_approval: input.partial_approval_supported ? 1 : 0,
      stand_in: input.stand_in ? 1 : 0,
      risk_score: outcome.riskScore,
      trace: encodeTrace(outcome.trace),
      request_history: toJson(history),
      created_at: at,
      updated_at: at,
      expires_at: null,
    };
  }

  /**
   * An approval reserves the money: the purchase and each fee as their own pending transfers from
   * the card's funds. Same currency: funds -> merchant settlement. Another currency: funds -> FX
   * position in the card's currency (the merchant-currency leg is posted at capture).
   */
  private async placeHolds(row: AuthorizationRow, card: CardContext, outcome: RuleOutcome, cross: boolean): Promise<void> {
    const funds = await openFunds(this.ledger, card.funding);
    const target = systemSpec(cross ? 'fx' : 'merchant_settlement', card.currency);
    await this.ledger.open(target);
    const holds: Holds = { ...NO_HOLDS, posted_fees: { transaction: 0, fx: 0 } };
    const purchase = this.ledger.pending({ debit: funds.id, credit: target.id, amount: outcome.amount, code: 'purchase', authorizationId: row.id });
    holds.purchase = { id: purchase.id, amount: outcome.amount };
    if (outcome.fees.transaction > 0 || outcome.fees.fx > 0) {
      const income = systemSpec('fees_income', card.currency);
      await this.ledger.open(income);
      if (outcome.fees.transaction > 0) {
        const t = this.ledger.pending({ debit: funds.id, credit: income.id, amount: outcome.fees.transaction, code: 'fee_transaction', authorizationId: row.id });
        holds.transaction_fee = { id: t.id, amount: outcome.fees.transaction };
      }
      if (outcome.fees.fx > 0) {
        const t = this.ledger.pending({ debit: funds.id, credit: income.id, amount: outcome.fees.fx, code: 'fee_fx', authorizationId: row.id });
        holds.fx_fee = { id: t.id, amount: outcome.fees.fx };
      }
    }
    row.holds = toJson(holds);
    row.expires_at = new Date(Date.parse(row.created_at) + (await this.holdTime()) * 1000).toISOString();
    // Pending holds count toward limits at once.
    this.count(card.account_id, (JSON.parse(row.windows) as CountedIn).keys, row.merchant_mcc, outcome.amount, 1);
    if (card.controls.merchant_lock && !this.locked.get(card.account_id)) {
      this.locked.set(card.account_id, row.merchant_id);
      this.undo.push(() => this.locked.set(card.account_id, null));
    }
  }

  private record(row: AuthorizationRow, parsed?: { trace: TraceEntry[]; fees: RuleOutcome['fees']; history: RequestHistoryEntry[] }): Authorization {
    this.rows.push(row);
    if (row.client_id) this.byClientId.set(row.client_id, row);
    const view = authorizationFromRow(row, this.livemode, parsed && { trace: parsed.trace, fees: parsed.fees, request_history: parsed.history });
    this.events.push({ type: 'authorization.created', objectId: row.id, data: authorizationEventData(view) });
    this.undo.push(() => {
      this.rows.pop();
      if (row.client_id) this.byClientId.delete(row.client_id);
      this.events.pop();
    });
    return view;
  }

  /**
   * Writes everything staged; the caller writes `events` (bus: ctx.emit; queue: in bulk). Returns
   * the decisions written, for the reports (reports/record-decisions.ts).
   */
  async flush(): Promise<AuthorizationRow[]> {
    await this.ledger.flush();
    const written = this.rows.slice();
    for (const row of this.rows) await insertAuthorization.execute(this.s.db, row);
    await applyCounterDeltas(this.s.db, mergeDeltas(this.counterDeltas));
    for (const d of this.counterDeltas) this.writtenUsage.add(d.account_id);
    this.rows.length = 0;
    this.counterDeltas.length = 0;
    this.stagedByAccount.clear();
    this.undo = [];
    return written;
    // Counters cached from before this flush already include the written deltas.
  }

  get stagedCount(): number {
    return this.rows.length;
  }
}

function availableFor(card: CardContext, row: LedgerAccountRow | undefined): number {
  if (row) return row.credits_posted - row.debits_posted - row.debits_pending;
  return fundingModel(card.kind) === 'credit_line' ? (card.caps.credit_limit ?? 0) : 0;
}

function mergeDeltas(deltas: readonly CounterDelta[]): CounterDelta[] {
  const merged = new Map<string, CounterDelta>();
  for (const d of deltas) {
    const key = `${d.account_id}\u0000${d.window_key}\u0000${d.mcc}`;
    const seen = merged.get(key);
    if (seen) {
      seen.amount += d.amount;
      seen.count += d.count;
    } else merged.set(key, { ...d });
  }
  return [...merged.values()];
}

export function historyEntry(type: RequestHistoryEntry['type'], requested: number, approved: boolean, amount: number, code: string, reason: string | null, at: Date): RequestHistoryEntry {
  return { type, requested_amount: requested, approved, amount, response_code: code, decline_reason: reason, created: Math.floor(at.getTime() / 1000) };
}
