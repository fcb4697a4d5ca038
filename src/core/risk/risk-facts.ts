import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';
import { notFound } from '../kernel/errors.js';
import { RecentRing } from './recent-window.js';
import type { RunningStats } from './welford.js';
import type { RiskInput } from './risk-types.js';
import { prepared, type Placeholder } from './prepared.js';
import type { BlockKind, CardProfile, ProgramFacts, RiskMemo } from './risk-memo.js';
import { directFor } from '../db/direct.js';

/**
 * A card's signal state as scoring and recording use it. Recording changes it in place (the memo
 * keeps the same object from one decision to the next): read what you need when you score.
 */
export interface CardRiskState {
  exists: boolean;
  authCount: number;
  approvedCount: number;
  declinedCount: number;
  declineStreak: number;
  stats: RunningStats;
  lastAt: string | null;
  /** `lastAt` in epoch seconds (so no decision parses the text). */
  lastAtS: number | null;
  lastCity: string | null;
  lastCountry: string | null;
  lastMerchantId: string | null;
  recent: RecentRing;
  dismissed: Record<string, number>;
}

/** Everything scoring needs about one authorization, read in ONE query. */
export interface RiskFacts {
  cardId: string;
  cardStatus: string;
  fingerprint: string;
  cardCreatedAt: string;
  activatedAt: string | null;
  replacementFor: string | null;
  programId: string;
  cardholderId: string;
  timezone: string;
  programCurrency: string;
  /**
   * The cardholder's, for e-mail domain and phone block lists (their only use). A card's first
   * read in a memo that knows no such entries are in force does not read them (null then).
   */
  email: string | null;
  phone: string | null;
  policyJson: string | null;
  allow: { reason: string; until: string | null } | null;
  state: CardRiskState;
  country: string | null;
  merchantKey: string | null;
  countrySeen: boolean;
  merchantSeen: boolean;
  /** The merchant's own branch (locations table), when the merchant id is one. */
  branch: { city: string; country: string; mcc: string; name: string } | null;
  /** A block list may match: read the matches (otherwise scoring skips that query). */
  blockListMayMatch: boolean;
}

const UPPER = /^[A-Z]*$/;
/** Country codes arrive upper case: keep that string (a new one would be hashed again by every map lookup). */
function upperCountry(country: string): string {
  return UPPER.test(country) ? country : country.toUpperCase();
}

/** Merchants are known by id; one without an id by its name. */
export function merchantKeyOf(merchant: RiskInput['merchant']): string | null {
  if (merchant.id) return `id:${merchant.id}`;
  if (merchant.name) return `name:${merchant.name.trim().toLowerCase()}`;
  return null;
}

export function emptyState(): CardRiskState {
  return {
    exists: false,
    authCount: 0,
    approvedCount: 0,
    declinedCount: 0,
    declineStreak: 0,
    stats: { n: 0, mean: 0, m2: 0 },
    lastAt: null,
    lastAtS: null,
    lastCity: null,
    lastCountry: null,
    lastMerchantId: null,
    recent: new RecentRing(),
    dismissed: {},
  };
}

/** Card, program, cardholder, policy, allow list, signal state, what it has seen, and the branch: one query. */
const FACTS = prepared((db, p) =>
  db
    .selectFrom('cards')
    .innerJoin('programs', 'programs.id', 'cards.program_id')
    .innerJoin('cardholders', 'cardholders.id', 'cards.cardholder_id')
    .leftJoin('risk_policies', 'risk_policies.program_id', 'cards.program_id')
    .leftJoin('risk_allow_list', 'risk_allow_list.card_id', 'cards.id')
    .leftJoin('risk_card_state as st', 'st.card_id', 'cards.id')
    .leftJoin('risk_card_seen as sc', (join) => join.onRef('sc.card_id', '=', 'cards.id').on('sc.kind', '=', 'country').on('sc.value', '=', p(0)))
    .leftJoin('risk_card_seen as sm', (join) => join.onRef('sm.card_id', '=', 'cards.id').on('sm.kind', '=', 'merchant').on('sm.value', '=', p(1)))
    .leftJoin('locations as loc', (join) => join.on('loc.merchant_id', '=', p(2)))
    .select([
      'cards.id', 'cards.status', 'cards.fingerprint', 'cards.created_at', 'cards.activated_at', 'cards.replacement_for',
      'cards.program_id', 'cards.cardholder_id', 'programs.timezone', 'programs.currency',
      'cardholders.email', 'cardholders.phone', 'risk_policies.policy', 'risk_allow_list.reason as allow_reason', 'risk_allow_list.until as allow_until',
      'st.card_id as st_card', 'st.auth_count', 'st.approved_count', 'st.declined_count', 'st.decline_streak', 'st.amount_n', 'st.amount_mean', 'st.amount_m2',
      'st.last_at', 'st.last_city', 'st.last_country', 'st.last_merchant_id', 'st.recent', 'st.dismissed',
      // Presence is all the novelty signals need: the primary-key index answers it (no table row read).
      'sc.card_id as country_seen', 'sm.card_id as merchant_seen',
      'loc.city as branch_city', 'loc.country as branch_country', 'loc.mcc as branch_mcc', 'loc.name as branch_name',
      // Block lists, cheaply: is the card number, merchant, MCC or country listed (the common answer
      // is no), and are there lists of e-mail domains or phones at all. Only then are the matches read.
      (eb) =>
        eb
          .selectFrom('blocklist_entries as e')
          .innerJoin('blocklists as l', 'l.id', 'e.list_id')
          .select('e.id')
          .where('e.removed_at', 'is', null)
          .where('l.status', '=', 'active')
          .where((w) =>
            w.or([
              w.and([w('e.kind', '=', 'card'), w('e.value', '=', w.ref('cards.fingerprint'))]),
              w.and([w('e.kind', '=', 'merchant'), w('e.value', '=', p(2))]),
              w.and([w('e.kind', '=', 'mcc'), w('e.value', '=', sql<string>`coalesce(nullif(${p(4)}, ''), ${sql.ref('loc.mcc')})`)]),
              w.and([w('e.kind', '=', 'country'), w('e.value', '=', p(0))]),
            ]),
          )
          .limit(1)
          .as('block_candidate'),
      (eb) =>
        eb
          .selectFrom('blocklist_entries as pe')
          .select('pe.id')
          .where('pe.kind', 'in', ['email_domain', 'phone'])
          .where('pe.removed_at', 'is', null)
          .limit(1)
          .as('person_lists'),
    ])
    .where('cards.id', '=', p(3)),
);

const SEEN = prepared((db, p) => db.selectFrom('risk_card_seen').select('count').where('card_id', '=', p(0)).where('kind', '=', p(1)).where('value', '=', p(2)));
const BRANCH = prepared((db, p) => db.selectFrom('locations').select(['city', 'country', 'mcc', 'name']).where('merchant_id', '=', p(0)).limit(1));
const ANY_BLOCK_LIST = prepared((db, p) => db.selectFrom('blocklist_entries').select('id').where('removed_at', 'is', p(0)).limit(1));
/** One value of one kind on an active list (the facts query's block_candidate, split by key so each answer can be kept). */
const BLOCK_KEY = prepared((db, p) =>
  db
    .selectFrom('blocklist_entries as e')
    .innerJoin('blocklists as l', 'l.id', 'e.list_id')
    .select('e.id')
    .where('e.kind', '=', p(0))
    .where('e.value', '=', p(1))
    .where('e.removed_at', 'is', null)
    .where('l.status', '=', 'active')
    .limit(1),
);
const PERSON_LISTS = prepared((db, p) => db.selectFrom('blocklist_entries').select('id').where('kind', 'in', [p(0), p(1)]).where('removed_at', 'is', null).limit(1));

/**
 * The risk engine's own rows of the card aliased `c` (which has `id` and `fingerprint`): its
 * allow-list entry, its signal state, whether it has been to this country (p0) and merchant (p1),
 * and whether its number is on an active list. Shared by CARD and STATE; typed by their row type
 * (FirstReadRow), since the builder's types cannot follow joins added to either source.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withRiskRows(query: any, p: Placeholder): any {
  return query
    .leftJoin('risk_allow_list', 'risk_allow_list.card_id', 'c.id')
    .leftJoin('risk_card_state as st', 'st.card_id', 'c.id')
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    .leftJoin('risk_card_seen as sc', (join: any) => join.onRef('sc.card_id', '=', 'c.id').on('sc.kind', '=', 'country').on('sc.value', '=', p(0)))
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    .leftJoin('risk_card_seen as sm', (join: any) => join.onRef('sm.card_id', '=', 'c.id').on('sm.kind', '=', 'merchant').on('sm.value', '=', p(1)))
    .select([
      'risk_allow_list.reason as allow_reason', 'risk_allow_list.until as allow_until',
      'st.card_id as st_card', 'st.auth_count', 'st.approved_count', 'st.declined_count', 'st.decline_streak', 'st.amount_n', 'st.amount_mean', 'st.amount_m2',
      'st.last_at', 'st.last_city', 'st.last_country', 'st.last_merchant_id', 'st.recent', 'st.dismissed',
      'sc.card_id as country_seen', 'sm.card_id as merchant_seen',
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (eb: any) =>
        eb
          .selectFrom('blocklist_entries as e')
          .innerJoin('blocklists as l', 'l.id', 'e.list_id')
          .select('e.id')
          .where('e.kind', '=', 'card')
          .where('e.value', '=', eb.ref('c.fingerprint'))
          .where('e.removed_at', 'is', null)
          .where('l.status', '=', 'active')
          .limit(1)
          .as('card_listed'),
    ]);
}

/**
 * A card's own facts, for its first read in a memo that already knows what cards share (the
 * program's policy and time zone, the branch, the merchant's, MCC's and country's block-list
 * answers, whether e-mail or phone lists are in force): the card row (p2) and its risk rows. Half
 * the tables of FACTS, none of the joins every card repeats.
 */
const CARD = prepared<FirstReadRow & CardColumns>((db, p) =>
  withRiskRows(db.selectFrom('cards as c'), p)
    .select(['c.id', 'c.status', 'c.fingerprint', 'c.created_at', 'c.activated_at', 'c.replacement_for', 'c.program_id', 'c.cardholder_id'])
    .where('c.id', '=', p(2)),
);

/**
 * The same without the card row, when the authorization already read the card (its RiskInput.card)
 * and the memo knows its program: the card's id (p2) and fingerprint (p3) are values here, and the
 * one-row derived table gives the joins their key.
 */
const STATE = prepared<FirstReadRow>((db, p) => withRiskRows(db.selectFrom(sql<{ id: string; fingerprint: string }>`(SELECT ${p(2)} AS id, ${p(3)} AS fingerprint)`.as('c')), p));

/**
 * The facts for one authorization from the memo alone, without a query or a promise, when it
 * already knows everything this one needs (the card, whether it has been to this country and
 * merchant, the branch, the block-list answers): the usual case in the authorization queue.
 * Undefined when something is missing; `loadRiskFacts` then reads it (and remembers it).
 */
export function memoFacts(input: RiskInput, memo: RiskMemo): RiskFacts | undefined {
  if (memo.anyBlockList === undefined) return undefined;
  const profile = memo.profiles.get(input.cardId);
  if (!profile) return undefined;
  const merchant = input.merchant;
  const country = merchant.country ? upperCountry(merchant.country) : null;
  const merchantKey = merchantKeyOf(merchant);
  const seen = memo.seen.get(input.cardId);
  let countrySeen = false;
  if (country) {
    const known = seen?.country.get(country);
    if (known === undefined) return undefined;
    countrySeen = known;
  }
  let merchantSeen = false;
  if (merchantKey) {
    const known = seen?.merchant.get(merchantKey);
    if (known === undefined) return undefined;
    merchantSeen = known;
  }
  let branch: RiskFacts['branch'] = null;
  if (merchant.id) {
    const known = memo.branches.get(merchant.id);
    if (known === undefined) return undefined;
    branch = known;
  }
  let blockListMayMatch = false;
  if (memo.anyBlockList) {
    if (memo.personLists !== false) return undefined;
    const listed = listedAsKnown(memo, profile.fingerprint, merchant.id, merchant.mcc || branch?.mcc, country);
    if (listed === undefined) return undefined;
    blockListMayMatch = listed;
  }
  return factsOf(profile, memo.states.get(input.cardId) ?? emptyState(), country, merchantKey, countrySeen, merchantSeen, branch, blockListMayMatch);
}

/** Whether any of the values is listed, from kept answers only (undefined: one is not known yet). */
function listedAsKnown(memo: RiskMemo, card: string, merchant: string | null | undefined, mcc: string | null | undefined, country: string | null): boolean | undefined {
  const k = memo.blockKeys;
  const answers = [k.card.get(card), merchant ? k.merchant.get(merchant) : false, mcc ? k.mcc.get(mcc) : false, country ? k.country.get(country) : false];
  if (answers.includes(true)) return true;
  return answers.includes(undefined) ? undefined : false;
}

/**
 * The facts for one authorization. With a memo that knows the card, only what it has not seen
 * yet is read: a new country or merchant, a branch, whether a new value is on a block list. Block
 * lists do not change while a memo lives (any other write ends the session it belongs to), so
 * each answer is kept: the common answer, "not listed", costs a query once per value, not once
 * per decision.
 */
export async function loadRiskFacts(db: Db, input: RiskInput, memo?: RiskMemo): Promise<RiskFacts> {
  if (memo) {
    const known = memoFacts(input, memo) ?? readFactsNow(db, input, memo);
    if (known) return known;
  }
  const country = input.merchant.country ? input.merchant.country.toUpperCase() : null;
  const merchantKey = merchantKeyOf(input.merchant);
  const profile = memo?.anyBlockList !== undefined ? memo.profiles.get(input.cardId) : undefined;
  if (memo && profile) {
    const seen = async (kind: 'country' | 'merchant', value: string | null): Promise<boolean> => {
      if (!value) return false;
      const known = memo.seenBefore(input.cardId, kind, value);
      if (known !== undefined) return known;
      const found = (await SEEN.run(db, [input.cardId, kind, value])).length > 0;
      memo.markSeen(input.cardId, kind, value, found);
      return found;
    };
    const branch = input.merchant.id ? await branchOf(db, memo, input.merchant.id) : null;
    const countrySeen = await seen('country', country);
    const merchantSeen = await seen('merchant', merchantKey);
    const blockListMayMatch = memo.anyBlockList === true && (await mayMatchBlockList(db, memo, profile.fingerprint, input, country, branch));
    return factsOf(profile, memo.states.get(input.cardId) ?? emptyState(), country, merchantKey, countrySeen, merchantSeen, branch, blockListMayMatch);
  }
  const [row] = await FACTS.run(db, factsValues(input, country, merchantKey));
  if (!row) throw notFound('card', input.cardId, 'card');
  const read = factsFromRow(row, country, merchantKey);
  if (memo) rememberRead(memo, input, read, memo.anyBlockList ?? (await ANY_BLOCK_LIST.run(db, [null])).length > 0);
  return read.facts;
}

/**
 * A card's first read in the memo, at once and without a promise, on a transaction bound for the
 * direct shortcut: when the memo knows what cards share (see CARD), the card's own facts alone;
 * otherwise the whole FACTS query. Remembered as `loadRiskFacts` remembers them. Undefined, having
 * read nothing, elsewhere, for a card the memo knows already (what it lacks is read piece by
 * piece by `loadRiskFacts`), and for an unknown card (`loadRiskFacts` says so).
 */
export function readFactsNow(db: Db, input: RiskInput, memo: RiskMemo): RiskFacts | undefined {
  if (!directFor(db) || memo.profiles.has(input.cardId)) return undefined;
  const merchant = input.merchant;
  const country = merchant.country ? upperCountry(merchant.country) : null;
  const merchantKey = merchantKeyOf(merchant);
  const branch = merchant.id ? memo.branches.get(merchant.id) : null;
  const shared = branch !== undefined && sharedAnswersKnown(memo, merchant.id, merchant.mcc || branch?.mcc, country);
  if (shared) {
    const known = fromAuthorization(db, input, memo, country, merchantKey, branch ?? null);
    if (known) return known;
    const [row] = CARD.runNow(db, [country ?? '', merchantKey ?? '', input.cardId]) ?? [];
    if (!row) return undefined;
    const program = memo.programs.get(row.program_id);
    if (program) return rememberFirstRead(memo, input, row, program, row, country, merchantKey, branch ?? null);
    // A card of a program this memo has not met: the whole query below.
  }
  const [row] = FACTS.runNow(db, factsValues(input, country, merchantKey)) ?? [];
  if (!row) return undefined;
  const read = factsFromRow(row, country, merchantKey);
  rememberRead(memo, input, read, memo.anyBlockList ?? (ANY_BLOCK_LIST.runNow(db, [null]) ?? []).length > 0);
  return read.facts;
}

/**
 * A card's first read from what the authorization read about it (RiskInput.card) and the memo's
 * program facts: only the risk engine's own rows (STATE). Undefined, having read nothing, without
 * them. Called only once the memo holds every shared block-list answer (readFactsNow).
 */
function fromAuthorization(db: Db, input: RiskInput, memo: RiskMemo, country: string | null, merchantKey: string | null, branch: RiskFacts['branch']): RiskFacts | undefined {
  const { card, programId, cardholderId } = input;
  if (!card || programId === undefined || cardholderId === undefined) return undefined;
  const program = memo.programs.get(programId);
  if (!program) return undefined;
  const [row] = STATE.runNow(db, [country ?? '', merchantKey ?? '', input.cardId, card.fingerprint]) ?? [];
  if (!row) return undefined;
  const columns = { id: input.cardId, status: card.status, fingerprint: card.fingerprint, created_at: card.createdAt, activated_at: card.activatedAt, replacement_for: card.replacementFor, program_id: programId, cardholder_id: cardholderId };
  return rememberFirstRead(memo, input, columns, program, row, country, merchantKey, branch);
}

type FirstReadRow = StateRow & Pick<FactsRow, 'allow_reason' | 'allow_until' | 'country_seen' | 'merchant_seen'> & { card_listed: string | null };

/** A card's facts from its first read (CARD or STATE) and its program's, remembered in the memo. */
function rememberFirstRead(memo: RiskMemo, input: RiskInput, columns: CardColumns, program: ProgramFacts, row: FirstReadRow, country: string | null, merchantKey: string | null, branch: RiskFacts['branch']): RiskFacts {
  const allow = row.allow_reason !== null ? { reason: row.allow_reason, until: row.allow_until } : null;
  // e-mail and phone: used only to match e-mail and phone lists, and none is in force (sharedAnswersKnown).
  const profile = profileOf(columns, program.timezone, program.programCurrency, null, null, program.policyJson, allow);
  const facts = factsOf(profile, stateFromRow(row), country, merchantKey, row.country_seen !== null, row.merchant_seen !== null, branch, false);
  if (memo.anyBlockList) {
    memo.blockKeys.card.set(facts.fingerprint, row.card_listed !== null);
    facts.blockListMayMatch = listedAsKnown(memo, facts.fingerprint, input.merchant.id, input.merchant.mcc || branch?.mcc, country) === true;
  }
  memo.remember(facts, profile);
  return facts;
}

/** Whether the memo holds every block-list answer but the card number's (as `memoFacts` asks them). */
function sharedAnswersKnown(memo: RiskMemo, merchant: string | null | undefined, mcc: string | null | undefined, country: string | null): boolean {
  if (memo.anyBlockList === undefined) return false;
  if (!memo.anyBlockList) return true;
  if (memo.personLists !== false) return false;
  const k = memo.blockKeys;
  return (!merchant || k.merchant.has(merchant)) && (!mcc || k.mcc.has(mcc)) && (!country || k.country.has(country));
}

/** What a whole FACTS read teaches the memo. `anyBlockList`: whether any entry is in force (asked once per memo). */
function rememberRead(memo: RiskMemo, input: RiskInput, read: QueriedFacts, anyBlockList: boolean): void {
  const { facts, personLists, keyListed } = read;
  memo.remember(facts);
  if (input.merchant.id) memo.branches.set(input.merchant.id, facts.branch);
  memo.anyBlockList ??= anyBlockList;
  // The query asked the block lists the same questions, all at once: keep what its answers settle.
  memo.personLists ??= personLists;
  if (!keyListed) {
    const k = memo.blockKeys;
    k.card.set(facts.fingerprint, false);
    if (input.merchant.id) k.merchant.set(input.merchant.id, false);
    const mcc = input.merchant.mcc || facts.branch?.mcc;
    if (mcc) k.mcc.set(mcc, false);
    if (facts.country) k.country.set(facts.country, false);
  }
}

/** What the facts query's block-list columns say, from answers kept per value. */
async function mayMatchBlockList(db: Db, memo: RiskMemo, fingerprint: string, input: RiskInput, country: string | null, branch: RiskFacts['branch']): Promise<boolean> {
  memo.personLists ??= (await PERSON_LISTS.run(db, ['email_domain', 'phone'])).length > 0;
  if (memo.personLists) return true;
  const listed = async (kind: BlockKind, value: string | null | undefined): Promise<boolean> => {
    if (!value) return false;
    let known = memo.blockKeys[kind].get(value);
    if (known === undefined) {
      known = (await BLOCK_KEY.run(db, [kind, value])).length > 0;
      memo.blockKeys[kind].set(value, known);
    }
    return known;
  };
  // Every value asked (no short cut at the first listed one), so the next decision finds all answers kept.
  const answers = [await listed('card', fingerprint), await listed('merchant', input.merchant.id), await listed('mcc', input.merchant.mcc || branch?.mcc), await listed('country', country)];
  return answers.includes(true);
}

async function branchOf(db: Db, memo: RiskMemo, merchantId: string): Promise<RiskFacts['branch']> {
  if (memo.branches.has(merchantId)) return memo.branches.get(merchantId) ?? null;
  const [row] = await BRANCH.run(db, [merchantId]);
  const branch = row ? { city: row.city, country: row.country ?? '', mcc: row.mcc ?? '', name: row.name ?? '' } : null;
  memo.branches.set(merchantId, branch);
  return branch;
}

interface QueriedFacts {
  facts: RiskFacts;
  /** E-mail domain or phone entries are in force. */
  personLists: boolean;
  /** The card, merchant, MCC or country is listed. */
  keyListed: boolean;
}

function factsValues(input: RiskInput, country: string | null, merchantKey: string | null): unknown[] {
  return [country ?? '', merchantKey ?? '', input.merchant.id ?? '', input.cardId, input.merchant.mcc ?? ''];
}

type StateRow = {
  st_card: string | null;
  auth_count: number | null;
  approved_count: number | null;
  declined_count: number | null;
  decline_streak: number | null;
  amount_n: number | null;
  amount_mean: number | null;
  amount_m2: number | null;
  last_at: string | null;
  last_city: string | null;
  last_country: string | null;
  last_merchant_id: string | null;
  recent: Uint8Array | string | null;
  dismissed: string | null;
};

/** A card's signal state from its row (an empty one when it has none yet). */
function stateFromRow(row: StateRow): CardRiskState {
  if (!row.st_card) return emptyState();
  return {
    exists: true,
    authCount: row.auth_count ?? 0,
    approvedCount: row.approved_count ?? 0,
    declinedCount: row.declined_count ?? 0,
    declineStreak: row.decline_streak ?? 0,
    stats: { n: row.amount_n ?? 0, mean: row.amount_mean ?? 0, m2: row.amount_m2 ?? 0 },
    lastAt: row.last_at,
    lastAtS: row.last_at === null ? null : Math.floor(Date.parse(row.last_at) / 1000),
    lastCity: row.last_city,
    lastCountry: row.last_country,
    lastMerchantId: row.last_merchant_id,
    recent: RecentRing.decode(row.recent),
    // Most cards have dismissed nothing: no parse for that.
    dismissed: row.dismissed === null || row.dismissed === '{}' ? {} : (fromJson<Record<string, number>>(row.dismissed) ?? {}),
  };
}

type FactsRow = Awaited<ReturnType<typeof FACTS.run>>[number];

type CardColumns = Pick<FactsRow, 'id' | 'status' | 'fingerprint' | 'created_at' | 'activated_at' | 'replacement_for' | 'program_id' | 'cardholder_id'>;

/** The card's own facts, the same in the whole read and in a card's first read. */
/** A card's profile from its columns and its program's, built field by field in CardProfile's order. */
function profileOf(row: CardColumns, timezone: string, programCurrency: string, email: string | null, phone: string | null, policyJson: string | null, allow: RiskFacts['allow']): CardProfile {
  return {
    cardId: row.id,
    cardStatus: row.status,
    fingerprint: row.fingerprint,
    cardCreatedAt: row.created_at,
    activatedAt: row.activated_at,
    replacementFor: row.replacement_for,
    programId: row.program_id,
    cardholderId: row.cardholder_id,
    timezone,
    programCurrency,
    email,
    phone,
    policyJson,
    allow,
  };
}

/**
 * Every facts object is made here, field by field in one order, so that scoring meets one object
 * shape. A card's first read used to spread the card's columns into its facts: a second shape,
 * which made the property reads of that decision's scoring polymorphic.
 */
function factsOf(
  profile: CardProfile,
  state: CardRiskState,
  country: string | null,
  merchantKey: string | null,
  countrySeen: boolean,
  merchantSeen: boolean,
  branch: RiskFacts['branch'],
  blockListMayMatch: boolean,
): RiskFacts {
  return {
    cardId: profile.cardId,
    cardStatus: profile.cardStatus,
    fingerprint: profile.fingerprint,
    cardCreatedAt: profile.cardCreatedAt,
    activatedAt: profile.activatedAt,
    replacementFor: profile.replacementFor,
    programId: profile.programId,
    cardholderId: profile.cardholderId,
    timezone: profile.timezone,
    programCurrency: profile.programCurrency,
    email: profile.email,
    phone: profile.phone,
    policyJson: profile.policyJson,
    allow: profile.allow,
    state,
    country,
    merchantKey,
    countrySeen,
    merchantSeen,
    branch,
    blockListMayMatch,
  };
}

/** The facts from a FACTS row, and the block-list answers behind `blockListMayMatch`. */
function factsFromRow(row: FactsRow, country: string | null, merchantKey: string | null): QueriedFacts {
  const allow = row.allow_reason !== null ? { reason: row.allow_reason, until: row.allow_until } : null;
  const profile = profileOf(row, row.timezone, row.currency, row.email, row.phone, row.policy, allow);
  const branch = row.branch_city !== null ? { city: row.branch_city, country: row.branch_country ?? '', mcc: row.branch_mcc ?? '', name: row.branch_name ?? '' } : null;
  const blockListMayMatch = row.block_candidate !== null || row.person_lists !== null;
  const facts = factsOf(profile, stateFromRow(row), country, merchantKey, row.country_seen !== null, row.merchant_seen !== null, branch, blockListMayMatch);
  return { facts, personLists: row.person_lists !== null, keyListed: row.block_candidate !== null };
}
