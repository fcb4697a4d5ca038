import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { openEngine, type Engine } from '../src/core/engine.js';
import { manualClock } from '../src/core/kernel/clock.js';
import { seededRandom } from '../src/core/kernel/random.js';
import { createCardVault } from '../src/core/security/card-vault.js';
import { OWNER } from '../src/core/testing/test-engine.js';
import { SYSTEM_ACTOR } from '../src/core/bus/actor.js';
import { rebuildCells } from '../src/core/reports/rebuild.js';
import { POINTS_REBUILD_NEEDED, rebuildPointsCells } from '../src/core/reports/points-rebuild.js';
import { recordForReports } from '../src/core/reports/record.js';
import { rebuildCampaignRollup } from '../src/core/reports/campaign-rollup.js';
import { campaignReport } from '../src/core/reports/campaign-reports.js';
import { resolveScope } from '../src/core/reports/scope.js';
import { addDays } from '../src/core/reports/zone-time.js';
import { idAtOrAfter } from '../src/core/reports/id-range.js';
import { isMain, percentile, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * Issue 10: with 10,000,000 ledger entries every report answers in under 300 ms.
 *
 * The history is written straight into SQLite in big batches (setup, not what is measured):
 * two years of a coffee chain (12 branches, 20,000 loyalty cards in three tiers) and its buyers'
 * corporate cards (200 employees, 300 suppliers). Every approved purchase moves money the way the
 * ledger does: a hold and a fee hold (pending), their posting (or a void), cashback for Gold, and a
 * top-up now and then: about 4 ledger entries per purchase (3.99 measured), so 10M entries are ~2.5M
 * purchases. The setup prints the ledger_transfers rows it wrote.
 * The reports' facts and rollups are written for the same purchases and the rollups re-aggregated
 * with the rebuild's SQL. Not generated, because no report reads them: the authorization and
 * transaction rows and the per-purchase `earn` points entries (their sums are in the facts).
 *
 * Scales: KARTU_BENCH_REPORT_SCALES (comma separated ledger entries, default "1000000": a few
 * minutes). The figure, 10M ledger entries (about 10 minutes of setup on a quiet machine,
 * 4 GB of disk):
 *
 *   KARTU_BENCH_REPORT_SCALES=10000000 npm run bench -- reports
 *
 * Each report is run KARTU_BENCH_REPORT_RUNS times (default 20) after one warm-up; p50 and p99 are
 * printed (with 20 runs the p99 is the slowest run), PASS when the p99 is under 300 ms. The load
 * average is printed before and after: other work on the machine shows in the figures.
 * KARTU_BENCH_REPORT_DIR keeps the generated databases in that folder and reuses a completed one,
 * upgraded by the migrations added since (to measure a fix without generating 10M entries again).
 * Also measured: what keeping the facts costs the authorization path (recordForReports).
 */
const DAY_MS = 86_400_000;
const NOW = new Date('2026-11-25T05:00:00Z');
const DAYS = 730;
const BRANCHES = 12;
const LOYALTY_CARDS = 20_000;
const EMPLOYEES = 200;
const SUPPLIERS = 300;
const ENTRIES_PER_PURCHASE = 3.98;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Drops a table's secondary indexes while `fn` loads it, then rebuilds them (sorted, far faster). */
function withoutIndexes(sqlite: BetterSqlite3.Database, table: string, fn: () => void): void {
  const indexes = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table) as Array<{ name: string; sql: string }>;
  for (const i of indexes) sqlite.exec(`DROP INDEX "${i.name}"`);
  fn();
  for (const i of indexes) sqlite.exec(i.sql);
}

function insertRows(sqlite: BetterSqlite3.Database, table: string, columns: readonly string[], rows: Iterable<unknown[]>, chunk = 200): number {
  const one = `(${columns.map(() => '?').join(',')})`;
  const many = sqlite.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${Array.from({ length: chunk }, () => one).join(',')}`);
  const single = sqlite.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${one}`);
  let buffer: unknown[] = [];
  let n = 0;
  let pending = 0;
  const flush = sqlite.transaction((values: unknown[], count: number) => {
    if (count === chunk) many.run(values);
    else for (let i = 0; i < count; i++) single.run(values.slice(i * columns.length, (i + 1) * columns.length));
  });
  for (const row of rows) {
    buffer.push(...row);
    pending++;
    n++;
    if (pending === chunk) {
      flush(buffer, pending);
      buffer = [];
      pending = 0;
    }
  }
  if (pending > 0) flush(buffer, pending);
  return n;
}

export interface World {
  loyalty: string;
  corporate: string;
  locations: string[];
  tiers: string[];
  cards: Array<{ id: string; account: string; holder: string; tier: string; home: number }>;
  employees: Array<{ id: string; account: string; holder: string }>;
}

const FACT_COLUMNS = [
  'authorization_id', 'program_id', 'currency', 'card_id', 'cardholder_id', 'tier', 'place', 'location_id', 'merchant_key', 'merchant_name', 'mcc', 'day', 'hour', 'weekday',
  'is_foreign', 'approved', 'response_code', 'decline_reason', 'stand_in', 'risk_flag', 'risk_score', 'decisions', 'requested_minor', 'approved_minor', 'purchases', 'gross_minor',
  'refunds_minor', 'foreign_minor', 'fx_fee_minor', 'fee_minor', 'points_earned', 'points_reversed', 'cashback_minor', 'at', 'updated_at',
] as const;
const TRANSFER_COLUMNS = ['id', 'kind', 'code', 'debit_account_id', 'credit_account_id', 'amount', 'currency', 'pending_id', 'authorization_id', 'reference_id', 'created_at'] as const;

/** Programs, branches, tiers, cards, members, accounts: the small tables, written directly. */
function writeWorld(sqlite: BetterSqlite3.Database): World {
  const at = NOW.toISOString();
  const loyalty = 'prog_bench_loyalty';
  const corporate = 'prog_bench_corporate';
  const program = (id: string, name: string, kind: string) => [id, name, kind, 'IDR', 'Asia/Jakarta', 1, 'sandbox', '627180', 16, 3, 5, '{"spending_limits":[]}', '{}', '{"per_transaction":150,"fx_bps":175,"issuance":0,"monthly_admin":0}', '{}', `{"name":"${name}","primary_color":"#6F4E37","secondary_color":"#C8A27A","text_color":"#FFFFFF","logo":null,"logo_position":"top_left"}`, 'active', at, at];
  insertRows(sqlite, 'programs', ['id', 'name', 'kind', 'currency', 'timezone', 'week_starts_on', 'network', 'bin', 'pan_length', 'default_expiry_years', 'max_expiry_years', 'default_spending_controls', 'caps', 'fees', 'kyc_requirements', 'brand', 'status', 'created_at', 'updated_at'], [program(loyalty, 'Kopi Nusantara', 'loyalty'), program(corporate, 'Kopi Nusantara Buyers', 'corporate')], 1);
  const locations = Array.from({ length: BRANCHES }, (_, i) => `loc_bench${pad(i, 4)}`);
  insertRows(sqlite, 'locations', ['id', 'name', 'merchant_id', 'mcc', 'city', 'country', 'created_at'], locations.map((id, i) => [id, `Kopi Nusantara ${i + 1}`, `KN-${pad(i, 3)}`, '5814', i % 3 === 2 ? 'Bandung' : 'Jakarta', 'ID', at]), 1);
  const tiers = ['tier_bench_bronze', 'tier_bench_silver', 'tier_bench_gold'];
  insertRows(sqlite, 'rewards_tiers', ['id', 'program_id', 'name', 'threshold', 'benefits', 'status', 'created_at', 'updated_at'], tiers.map((id, i) => [id, loyalty, ['Bronze', 'Silver', 'Gold'][i], [0, 500_000_000, 2_000_000_000][i], '{}', 'active', at, at]), 1);
  insertRows(sqlite, 'rewards_programs', ['program_id', 'settings', 'config_token', 'created_at', 'updated_at'], [[loyalty, '{}', 'rcfg_bench', at, at]], 1);
  insertRows(sqlite, 'rewards_catalogue', ['id', 'program_id', 'name', 'description', 'kind', 'points_cost', 'value', 'tier_ids', 'stock_total', 'stock_redeemed', 'per_member_limit', 'per_member_period', 'valid_from', 'valid_until', 'status', 'created_at', 'updated_at'], [
    ['rwd_bench_coffee', loyalty, 'Kopi Susu gratis', null, 'free_item', 100, '{"item":"Kopi Susu"}', null, null, 0, null, 'lifetime', null, null, 'active', at, at],
    ['rwd_bench_credit', loyalty, 'Saldo Rp 10.000', null, 'stored_value', 120, '{"amount_minor":1000000}', null, null, 0, null, 'lifetime', null, null, 'active', at, at],
  ], 1);
  const r = rng(7);
  const cards: World['cards'] = [];
  const holders: unknown[][] = [];
  const cardRows: unknown[][] = [];
  const members: unknown[][] = [];
  for (let i = 0; i < LOYALTY_CARDS; i++) {
    const u = r();
    const tier = u < 0.7 ? tiers[0]! : u < 0.92 ? tiers[1]! : tiers[2]!;
    const card = { id: `card_bench${pad(i, 8)}`, account: `acct_bench${pad(i, 8)}`, holder: `ch_bench${pad(i, 8)}`, tier, home: Math.floor(r() * BRANCHES) };
    cards.push(card);
    holders.push([card.holder, 'individual', null, `Member ${i}`, null, `+62812${pad(i, 8)}`, null, null, null, 'id', 'active', 'basic', '{}', at, at]);
    cardRows.push([card.id, loyalty, card.holder, null, 'virtual', 'active', null, 'x', card.account, `fp${i}`, '627180', pad(i % 10_000, 4), 12, 2029, '{"spending_limits":[]}', null, null, null, null, null, '{}', at, at, at, null]);
    members.push([`mbr_bench${pad(i, 8)}`, loyalty, card.holder, tier, at, null, tier, null, null, null, 0, at, at, at, null, 0, new Date(NOW.getTime() - r() * DAYS * DAY_MS).toISOString(), at]);
  }
  const company = 'ch_bench_company';
  holders.push([company, 'company', null, 'PT Kopi Nusantara', null, null, null, null, null, 'id', 'active', 'full', '{}', at, at]);
  const employees: World['employees'] = [];
  const limits = '{"spending_limits":[{"amount":2500000000,"interval":"monthly"},{"amount":800000000,"interval":"monthly","categories":["5149"]}]}';
  for (let i = 0; i < EMPLOYEES; i++) {
    const e = { id: `card_benchco${pad(i, 5)}`, account: `acct_benchco${pad(i, 5)}`, holder: `ch_benchco${pad(i, 5)}` };
    employees.push(e);
    holders.push([e.holder, 'individual', company, `Buyer ${i}`, null, null, null, null, null, 'id', 'active', 'full', '{}', at, at]);
    cardRows.push([e.id, corporate, e.holder, null, 'virtual', 'active', null, 'x', e.account, `fpco${i}`, '627180', pad(i, 4), 12, 2029, limits, null, null, null, null, null, '{}', at, at, at, null]);
  }
  insertRows(sqlite, 'cardholders', ['id', 'type', 'company_id', 'name', 'email', 'phone', 'birth_date', 'national_id', 'address', 'preferred_language', 'status', 'verification_status', 'metadata', 'created_at', 'updated_at'], holders);
  insertRows(sqlite, 'cards', ['id', 'program_id', 'cardholder_id', 'design_id', 'type', 'status', 'cancellation_reason', 'number_encrypted', 'account_id', 'fingerprint', 'first6', 'last4', 'exp_month', 'exp_year', 'spending_controls', 'fulfilment_status', 'shipping', 'replacement_for', 'replacement_reason', 'replaced_by', 'metadata', 'created_at', 'updated_at', 'activated_at', 'canceled_at'], cardRows);
  insertRows(sqlite, 'rewards_members', ['id', 'program_id', 'cardholder_id', 'tier_id', 'tier_since', 'tier_held_until', 'computed_tier_id', 'manual_tier_id', 'manual_tier_until', 'manual_tier_reason', 'owed_points', 'first_purchase_at', 'last_visit_at', 'last_qualifying_at', 'referred_by', 'referral_rewarded', 'created_at', 'updated_at'], members);
  const accounts: unknown[][] = [];
  for (const c of cards) accounts.push([`card:${c.account}`, 'card_funds', c.account, 'IDR', 1, null, 0, 0, 0, 10_000_000_000, at]);
  accounts.push([`company:${company}:IDR`, 'company_funds', company, 'IDR', 1, null, 0, 0, 0, 1_000_000_000_000, at]);
  for (const code of ['merchant_settlement', 'fees_income', 'fx', 'issuer_cash', 'rewards_liability']) accounts.push([`${code}:IDR`, code, null, 'IDR', 0, null, 0, 0, 0, 0, at]);
  accounts.push(['fx:USD', 'fx', null, 'USD', 0, null, 0, 0, 0, 0, at], ['merchant_settlement:USD', 'merchant_settlement', null, 'USD', 0, null, 0, 0, 0, 0, at]);
  insertRows(sqlite, 'ledger_accounts', ['id', 'code', 'owner_id', 'currency', 'flags', 'credit_limit', 'debits_pending', 'debits_posted', 'credits_pending', 'credits_posted', 'created_at'], accounts);
  // The corporate cards' current-month usage, as the authorization engine counts it.
  const month = `M${NOW.toISOString().slice(0, 7)}`;
  insertRows(sqlite, 'usage_counters', ['account_id', 'window_key', 'mcc', 'amount', 'count'], employees.flatMap((e, i) => [[e.account, month, '5149', 100_000_000 + i * 1_000_000, 4], [e.account, month, '5111', 50_000_000, 2]]));
  return { loyalty, corporate, locations, tiers, cards, employees };
}

/** The purchases: facts and ledger transfers in one pass, day by day, in time order. */
function writeHistory(sqlite: BetterSqlite3.Database, world: World, entries: number): { purchases: number; transfers: number } {
  const purchases = Math.round(entries / ENTRIES_PER_PURCHASE);
  const r = rng(42);
  const firstDayMs = Date.parse(`${addDays(NOW.toISOString().slice(0, 10), -(DAYS - 1))}T00:00:00Z`);
  const nowIso = NOW.toISOString();
  let transfers = 0;
  let seq = 0;
  const tid = (ms: number): string => `tr_${String(ms).padStart(14, '0')}${String(seq++).padStart(8, '0')}`;
  const facts: unknown[][] = [];
  const moves: unknown[][] = [];
  const flushFacts = () => {
    insertRows(sqlite, 'report_facts', FACT_COLUMNS, facts);
    facts.length = 0;
  };
  const flushMoves = () => {
    transfers += insertRows(sqlite, 'ledger_transfers', TRANSFER_COLUMNS, moves);
    moves.length = 0;
  };
  const hours = [7, 8, 8, 9, 9, 10, 11, 12, 12, 13, 14, 15, 15, 16, 17, 18, 19, 20];
  let written = 0;
  for (let d = 0; d < DAYS; d++) {
    // Growth over the two years: the last day has about twice the first day's purchases.
    const share = (1 + d / DAYS) / (DAYS * 1.5);
    const today = d === DAYS - 1 ? purchases - written : Math.round(purchases * share);
    const dayMs = firstDayMs + d * DAY_MS;
    const day = new Date(dayMs).toISOString().slice(0, 10);
    const weekday = new Date(dayMs).getUTCDay();
    for (let k = 0; k < today; k++, written++) {
      const corporate = r() < 0.08;
      const hour = corporate ? 9 + Math.floor(r() * 8) : hours[Math.floor(r() * hours.length)]!;
      const minute = Math.floor(r() * 60);
      // Jakarta is UTC+7: the local day's hour h is UTC h-7 of the same local date.
      const ms = dayMs + (hour - 7) * 3_600_000 + minute * 60_000 + Math.floor(r() * 60_000);
      const at = new Date(ms).toISOString();
      const id = `auth_${String(ms).padStart(14, '0')}${String(written).padStart(8, '0')}`;
      let card: string;
      let account: string;
      let holder: string;
      let tier = '';
      let place: string;
      let merchantKey: string;
      let merchantName: string;
      let mcc: string;
      let location: string | null = null;
      let foreign = 0;
      let amount: number;
      if (corporate) {
        const e = world.employees[Math.floor(r() * r() * EMPLOYEES)]!;
        card = e.id;
        account = 'company:ch_bench_company:IDR';
        holder = e.holder;
        const s = Math.floor(r() * SUPPLIERS);
        merchantKey = `SUP-${pad(s, 4)}`;
        merchantName = `Supplier ${s}`;
        place = merchantKey;
        mcc = ['5149', '5143', '5111', '5046', '5085', '5169', '5199', '5122', '5131', '5137'][s % 10]!;
        amount = (500_000 + Math.floor(r() * 40) * 100_000) * 100;
      } else {
        const c = world.cards[Math.floor(r() * r() * LOYALTY_CARDS)]!;
        card = c.id;
        account = `card:${c.account}`;
        holder = c.holder;
        tier = c.tier;
        foreign = r() < 0.01 ? 1 : 0;
        if (foreign) {
          merchantKey = 'MRC-SG-01';
          merchantName = 'Kopi Singapura';
          place = merchantKey;
          mcc = '5812';
        } else {
          const b = r() < 0.8 ? c.home : Math.floor(r() * BRANCHES);
          location = world.locations[b]!;
          place = location;
          merchantKey = `KN-${pad(b, 3)}`;
          merchantName = `Kopi Nusantara ${b + 1}`;
          mcc = r() < 0.85 ? '5814' : '5462';
        }
        amount = [18_000, 22_000, 25_000, 28_000, 32_000, 35_000, 38_000, 45_000, 52_000, 65_000, 85_000, 120_000][Math.floor(r() * 12)]! * 100;
      }
      const approved = r() < 0.95;
      const reason = approved ? '' : ['insufficient_funds', 'spending_limit', 'card_inactive', 'velocity_limit', 'category_not_allowed'][Math.floor(r() * r() * 5)]!;
      const captured = approved && r() < 0.97 ? amount : 0;
      const refunded = captured && r() < 0.02 ? (r() < 0.5 ? captured : Math.floor(captured / 2)) : 0;
      const fee = approved && captured ? 150 : 0;
      const fxFee = foreign && captured ? Math.round((captured * 175) / 10_000) : 0;
      const gold = tier === world.tiers[2];
      const cashback = gold && captured ? Math.floor((captured - refunded) / 50) : 0;
      const points = corporate ? 0 : Math.floor(captured / 1_000_000);
      const reversed = corporate ? 0 : Math.floor(refunded / 1_000_000);
      const riskScore = Math.floor(r() * r() * r() * 100);
      facts.push([
        id, corporate ? world.corporate : world.loyalty, 'IDR', card, holder, tier, place, location, merchantKey, merchantName, mcc, day, hour, weekday,
        foreign, approved ? 1 : 0, approved ? '00' : '51', reason, r() < 0.02 ? 1 : 0, riskScore >= 40 ? 1 : 0, riskScore, 1, amount, approved ? amount : 0, captured ? 1 : 0, captured,
        refunded, foreign ? captured : 0, fxFee, fee, points, reversed, cashback, at, nowIso,
      ]);
      if (approved) {
        const settle = foreign ? 'fx:IDR' : 'merchant_settlement:IDR';
        const hold = tid(ms);
        const feeHold = tid(ms);
        moves.push([hold, 'pending', 'purchase', account, settle, amount, 'IDR', null, id, null, at]);
        moves.push([feeHold, 'pending', 'fee_transaction', account, 'fees_income:IDR', 150, 'IDR', null, id, null, at]);
        const later = new Date(ms + 60_000 + Math.floor(r() * 3_600_000)).toISOString();
        if (captured) {
          moves.push([tid(ms), 'post_pending', 'purchase', account, settle, captured, 'IDR', hold, id, null, later]);
          moves.push([tid(ms), 'post_pending', 'fee_transaction', account, 'fees_income:IDR', 150, 'IDR', feeHold, id, null, later]);
          if (cashback > 0) moves.push([tid(ms), 'posted', 'cashback', 'rewards_liability:IDR', account, cashback, 'IDR', null, id, null, later]);
          if (refunded) moves.push([tid(ms), 'posted', 'refund', foreign ? 'fx:IDR' : 'merchant_settlement:IDR', account, refunded, 'IDR', null, id, null, later]);
        } else {
          moves.push([tid(ms), 'void_pending', 'purchase', account, settle, amount, 'IDR', hold, id, null, later]);
          moves.push([tid(ms), 'void_pending', 'fee_transaction', account, 'fees_income:IDR', 150, 'IDR', feeHold, id, null, later]);
        }
        if (!corporate && r() < 0.12) moves.push([tid(ms), 'posted', 'top_up', 'issuer_cash:IDR', account, 10_000_000, 'IDR', null, null, null, new Date(ms - 30_000).toISOString()]);
      }
      if (facts.length >= 50_000) flushFacts();
      if (moves.length >= 50_000) flushMoves();
    }
  }
  flushFacts();
  flushMoves();
  return { purchases: written, transfers };
}

/** The rest of the points ledger (redemptions, expiry, birthdays), tier changes, alerts, campaigns. */
function writeLoyaltyExtras(sqlite: BetterSqlite3.Database, world: World, purchases: number): void {
  const r = rng(9);
  const entries: unknown[][] = [];
  const start = NOW.getTime() - DAYS * DAY_MS;
  const when = () => new Date(start + r() * DAYS * DAY_MS).toISOString();
  for (let i = 0; i < purchases / 12; i++) {
    const m = Math.floor(r() * r() * LOYALTY_CARDS);
    entries.push([`pts_bench_s${pad(i, 9)}`, world.loyalty, `mbr_bench${pad(m, 8)}`, world.cards[m]!.holder, 'spend', -100, null, null, 'redemption', `rdm_${i}`, null, null, null, '{}', when()]);
  }
  for (let i = 0; i < LOYALTY_CARDS * 1.5; i++) {
    const m = Math.floor(r() * LOYALTY_CARDS);
    entries.push([`pts_bench_e${pad(i, 9)}`, world.loyalty, `mbr_bench${pad(m, 8)}`, world.cards[m]!.holder, i % 3 === 0 ? 'bonus' : 'expire', i % 3 === 0 ? 50 : -Math.floor(1 + r() * 20), null, null, 'job', null, null, null, null, '{}', when()]);
  }
  insertRows(sqlite, 'rewards_points_entries', ['id', 'program_id', 'account_id', 'cardholder_id', 'kind', 'points', 'qualifying_at', 'authorization_id', 'source_type', 'source_id', 'dedupe_key', 'reason', 'actor', 'details', 'created_at'], entries);
  const events: unknown[][] = [];
  for (let i = 0; i < 6_000; i++) {
    const m = Math.floor(r() * LOYALTY_CARDS);
    const up = r() < 0.7;
    const from = up ? world.tiers[0] : world.tiers[1];
    const to = up ? world.tiers[1] : world.tiers[0];
    const at = when();
    // Ids as the app makes them (time first), so that reading a period's events seeks by id.
    events.push([`${idAtOrAfter('evt', Date.parse(at))}${pad(i, 4)}bench000`, 'rewards.tier.changed', `mbr_bench${pad(m, 8)}`, JSON.stringify({ member: `mbr_bench${pad(m, 8)}`, cardholder: world.cards[m]!.holder, program: world.loyalty, from: { id: from }, to: { id: to }, reason: 'qualified' }), at]);
  }
  insertRows(sqlite, 'events', ['id', 'type', 'object_id', 'data', 'created_at'], events);
  const alerts: unknown[][] = [];
  for (let i = 0; i < 3_000; i++) {
    const at = when();
    alerts.push([`alrt_bench${pad(i, 7)}`, ['velocity', 'amount_zscore', 'card_testing'][i % 3], ['low', 'medium', 'high'][i % 3], i % 4 === 0 ? 'open' : 'resolved', 'Unusual activity', world.cards[i]!.id, world.cards[i]!.holder, world.loyalty, null, null, 50, 'flag', '[]', '{}', null, 1, null, null, null, null, null, null, at, at]);
  }
  insertRows(sqlite, 'risk_alerts', ['id', 'kind', 'severity', 'status', 'title', 'card_id', 'cardholder_id', 'program_id', 'authorization_id', 'merchant', 'score', 'action', 'signals', 'detail', 'dedupe_key', 'occurrences', 'assignee', 'resolution', 'resolution_note', 'resolution_actions', 'resolved_by', 'resolved_at', 'created_at', 'updated_at'], alerts);
  const campaigns: unknown[][] = [];
  const awards: unknown[][] = [];
  for (let i = 0; i < 6; i++) {
    const startDay = addDays(NOW.toISOString().slice(0, 10), -(40 + i * 60));
    campaigns.push([`camp_bench${i}`, world.loyalty, `Promo ${i + 1}`, 'active', startDay, addDays(startDay, 20), i % 2 ? '{"tiers":["tier_bench_gold"]}' : `{"locations":["${world.locations[i]}"]}`, '{"multiplier_x100":200}', 500_000, null, 30_000 + i * 1_000, 0, null, null, NOW.toISOString(), NOW.toISOString()]);
    for (let k = 0; k < 3_000; k++) awards.push([`camp_bench${i}`, `mbr_bench${pad(Math.floor(r() * LOYALTY_CARDS), 8)}`, `auth_${i}_${k}`, 10, 0, NOW.toISOString()]);
  }
  insertRows(sqlite, 'rewards_campaigns', ['id', 'program_id', 'name', 'status', 'starts_on', 'ends_on', 'targeting', 'effect', 'budget_points', 'budget_minor', 'used_points', 'used_minor', 'per_member_limit', 'exhausted_at', 'created_at', 'updated_at'], campaigns, 1);
  insertRows(sqlite, 'rewards_campaign_awards', ['campaign_id', 'member_id', 'source_id', 'points', 'cashback_minor', 'created_at'], awards);
}

const RUNS = Math.max(1, Number(process.env.KARTU_BENCH_REPORT_RUNS ?? 20));

async function timeIt(fn: () => Promise<unknown>, runs = RUNS): Promise<{ median: number; p99: number; worst: number }> {
  await fn(); // warm: statement cache, OS page cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99), worst: times[times.length - 1]! };
}

function loadAverage(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' / ');
}

/** A report's figure: p50 as the value, p99 beside it, PASS when the p99 is under the target. */
function reportFigure(name: string, t: { median: number; p99: number }): BenchFigure {
  return { name, value: t.median, unit: `ms p50, p99 ${Math.round(t.p99)}`, target: '< 300 ms', pass: t.p99 < 300 };
}

/** Writes the history into a fresh engine's database (setup: fast pragmas, indexes built after). */
export async function fillDatabase(engine: Engine, entries: number): Promise<{ world: World; purchases: number; transfers: number }> {
  const sqlite = engine.database.sqlite;
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -1000000');
  const world = writeWorld(sqlite);
  let history = { purchases: 0, transfers: 0 };
  withoutIndexes(sqlite, 'ledger_transfers', () => {
    withoutIndexes(sqlite, 'report_facts', () => {
      history = writeHistory(sqlite, world, entries);
    });
  });
  writeLoyaltyExtras(sqlite, world, history.purchases);
  await rebuildCells(engine.services.db, null);
  // The awards too were written straight into their table: the campaigns rollup from its rebuild.
  const t = performance.now();
  const campaigns = await engine.services.db.transaction().execute((trx) => rebuildCampaignRollup(trx));
  console.log(`  campaigns rollup rebuilt in ${Math.round(performance.now() - t)} ms (${campaigns.participants} participants, ${campaigns.campaign_days} day rows)`);
  // The points entries were written straight into the table: the rollup comes from the rebuild
  // an upgraded database gets (timed: it is what the background job costs at this scale).
  await timedPointsRebuild(engine);
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -2000'); // back to SQLite's default: the app does not tune it
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { world, ...history };
}

async function timedPointsRebuild(engine: Engine): Promise<void> {
  const t = performance.now();
  const counts = await engine.services.db.transaction().execute((trx) => rebuildPointsCells(trx, null));
  console.log(`  points rollup rebuilt from the entries in ${Math.round(performance.now() - t)} ms (${counts.points_cells} cells, ${counts.points_members} member rows)`);
}

export function benchEngine(path: string): Promise<Engine> {
  return openEngine({ mode: 'test', path, clock: manualClock(NOW), random: seededRandom(1), vault: createCardVault(new Uint8Array(32).fill(3)) });
}

const DONE_KEY = 'bench.reports.generated';

/**
 * A database generated earlier in a kept folder and completed. Opening it ran the migrations added
 * since, as an upgrade does; a migration that reshaped the rollups flagged them, and they are
 * re-aggregated here the way `reports-rebuild` does.
 */
async function reusable(engine: Engine, entries: number): Promise<{ world: World; purchases: number; transfers: number } | null> {
  const sqlite = engine.database.sqlite;
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(DONE_KEY) as { value: string } | undefined;
  if (!row) return null;
  const saved = JSON.parse(row.value) as { entries: number; purchases: number; transfers: number; world: World };
  // Generated for this scale (and with at least 99% of its ledger entries: older builds wrote fewer).
  if (saved.entries !== entries || saved.transfers < entries * 0.99) return null;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(POINTS_REBUILD_NEEDED)) {
    console.log('  (points rollup flagged by a migration: rebuilding it from the points entries)');
    await timedPointsRebuild(engine);
  }
  if (sqlite.prepare("SELECT 1 FROM settings WHERE key = 'reports.rebuild_needed'").get()) {
    console.log('  (rollups flagged by a migration: re-aggregating them from the facts)');
    await rebuildCells(engine.services.db, null);
    sqlite.prepare("DELETE FROM settings WHERE key = 'reports.rebuild_needed'").run();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }
  return { world: saved.world, purchases: saved.purchases, transfers: saved.transfers };
}

async function measureScale(dir: string, entries: number, keep: boolean): Promise<BenchFigure[]> {
  const path = join(dir, `reports-${entries}.db`);
  const existed = existsSync(path);
  // Opening a kept database runs the migrations added since (a back-fill among them): timed.
  const openStart = performance.now();
  let engine = await benchEngine(path);
  if (existed) console.log(`  opened the kept database (migrations since it was built included) in ${Math.round(performance.now() - openStart)} ms`);
  const setupStart = performance.now();
  let generated = keep && existed ? await reusable(engine, entries) : null;
  if (!generated && existed) {
    // Incomplete or from older migrations: start again.
    await engine.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) rmSync(f);
    engine = await benchEngine(path);
  }
  const reused = generated !== null;
  if (!generated) {
    generated = await fillDatabase(engine, entries);
    engine.database.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, JSON.stringify({ entries, ...generated }));
  }
  const { world, ...history } = generated;
  const setupMs = performance.now() - setupStart;
  const sqlite = engine.database.sqlite;
  const cells = (t: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  const loadBefore = loadAverage();
  if (process.env.KARTU_BENCH_REPORT_GENERATE_ONLY === '1') {
    await engine.close();
    return [{ name: `generated ${path}: ${history.transfers.toLocaleString()} ledger entries`, value: setupMs / 1000, unit: 's' }];
  }

  const today = NOW.toISOString().slice(0, 10);
  const ranges = { '30 days': addDays(today, -29), '1 year': addDays(today, -364), '2 years': addDays(today, -(DAYS - 1)) };
  const run = (name: string, input: Record<string, unknown>) => () => engine.bus.execute(name, input, OWNER);
  const figures: BenchFigure[] = [
    { name: `setup${reused ? ' (reused database)' : ''}: ${history.transfers.toLocaleString()} ledger entries, ${history.purchases.toLocaleString()} purchases`, value: setupMs / 1000, unit: 's' },
    { name: `ledger_transfers rows in the database`, value: cells('ledger_transfers'), unit: 'rows' },
    { name: `report_facts rows`, value: cells('report_facts'), unit: 'rows' },
    { name: 'rollup rows (spend / heat / card cells)', value: cells('report_spend_cells') + cells('report_heat_cells') + cells('report_card_cells'), unit: 'rows' },
  ];
  const reports: Array<[string, string, Record<string, unknown>]> = [
    ['spending by day', 'report-spending', { period: 'day' }],
    ['spending by week', 'report-spending', { period: 'week' }],
    ['spending by month', 'report-spending', { period: 'month' }],
    ['spending summary (FX share, fees)', 'report-spending-summary', {}],
    ['heat map', 'report-spending-heatmap', {}],
    ['by category', 'report-spending-by-category', {}],
    ['by merchant and branch', 'report-spending-by-merchant', {}],
    ['by card (top 50)', 'report-spending-by-card', { by: 'card' }],
    ['by cardholder (top 50)', 'report-spending-by-card', { by: 'cardholder' }],
    ['authorizations', 'report-authorizations', { period: 'day' }],
    ['loyalty', 'report-loyalty', {}],
    ['campaigns', 'report-campaigns', {}],
    ['corporate', 'report-corporate', {}],
  ];
  for (const [label, from] of Object.entries(ranges)) {
    for (const [name, command, params] of reports) {
      const program = command === 'report-corporate' ? world.corporate : world.loyalty;
      const t = await timeIt(run(command, { program, from, to: today, ...params }));
      figures.push(reportFigure(`${label}: ${name}`, t));
    }
  }
  // The campaign report without its rollup (the rewarded members' spend straight from their facts,
  // as before migration 2026-11-26-31): information, the same data and load as the figures above.
  for (const [label, from] of Object.entries(ranges)) {
    const t = await timeIt(async () => {
      const scope = await resolveScope(engine.services.db, { program: world.loyalty, from, to: today }, NOW);
      return campaignReport(engine.services.db, scope, NOW, { source: 'facts' });
    });
    figures.push({ name: `${label}: campaigns straight from the facts (no rollup; information)`, value: t.median, unit: `ms p50, p99 ${Math.round(t.p99)}` });
  }
  // Filters on top: a branch, a tier, one card (the card's own facts).
  const filtered: Array<[string, Record<string, unknown>]> = [
    ['branch', { branch: world.locations[0] }],
    ['tier Gold', { tier: world.tiers[2] }],
    ['one card', { card: world.cards[0]!.id }],
  ];
  for (const [label, filter] of filtered) {
    for (const [name, command, params] of reports.filter((r) => ['report-spending', 'report-spending-heatmap', 'report-spending-by-card', 'report-loyalty'].includes(r[1]))) {
      const t = await timeIt(run(command, { program: world.loyalty, from: ranges['1 year'], to: today, ...params, ...filter }));
      figures.push(reportFigure(`1 year, ${label}: ${name}`, t));
    }
  }
  // Exports (information): a month of the journal, a card's statement.
  const month = today.slice(0, 7);
  const journal = await timeIt(run('journal-export', { from: `${month}-01`, to: today }), 1);
  const lines = ((await engine.bus.execute('journal-export', { from: `${month}-01`, to: today }, OWNER)) as { rows: number }).rows;
  figures.push({ name: `journal export, this month (${lines.toLocaleString()} lines)`, value: journal.median, unit: 'ms' });
  const statement = await timeIt(run('statement-render', { card: world.cards[0]!.id, month }), 3);
  figures.push({ name: 'statement PDF of a busy card', value: statement.median, unit: 'ms' });
  await engine.close();
  console.log(`  load average (1/5/15 min) before the reports: ${loadBefore}; after: ${loadAverage()} (${cpus().length} cores)`);
  return figures;
}

/** What keeping the reports costs the authorization path: recordForReports per decision and capture. */
async function measureRecording(dir: string): Promise<BenchFigure[]> {
  const clock = manualClock(new Date('2026-03-02T03:00:00Z'));
  const engine = await openEngine({ mode: 'test', path: join(dir, 'record.db'), clock, random: seededRandom(2), vault: createCardVault(new Uint8Array(32).fill(4)) });
  const bus = engine.bus;
  const program = await bus.send('program-create', { name: 'Bench', kind: 'prepaid', currency: 'IDR' }, SYSTEM_ACTOR);
  const cards = await bus.batch(SYSTEM_ACTOR, async (send) => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const holder = await send('cardholder-create', { name: `Buyer ${i}`, phone: `+62813${pad(i, 8)}` });
      const card = await send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' });
      await send('top-up-create', { card: card.id, amount: 100_000_000 });
      ids.push(card.id);
    }
    return ids;
  });
  const N = 2_000;
  const BATCH = 100;
  const ids: string[] = [];
  const decideStart = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    await bus.batch(SYSTEM_ACTOR, async (send) => {
      for (let k = i; k < i + BATCH; k++) {
        clock.advance(1_000);
        const a = await send('authorization-create', { card: cards[k % cards.length]!, amount: 2_500_000, merchant: { id: 'M-1', name: 'Warung', mcc: '5814', country: 'ID' } });
        ids.push(a.id);
      }
    });
  }
  const decideMs = performance.now() - decideStart;
  const captureStart = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    await bus.batch(SYSTEM_ACTOR, async (send) => {
      for (let k = i; k < i + BATCH; k++) await send('authorization-capture', { id: ids[k]! });
    });
  }
  const captureMs = performance.now() - captureStart;
  // The same authorizations recorded as the wiring would: after the decision ... (facts are
  // removed first so that the first call inserts, like a decision's) ... and after the capture.
  engine.database.sqlite.exec('DELETE FROM report_facts; DELETE FROM report_spend_cells; DELETE FROM report_heat_cells; DELETE FROM report_card_cells;');
  engine.database.sqlite.exec("UPDATE authorizations SET captured_amount = 0");
  const recordBatches = async (): Promise<number> => {
    const t = performance.now();
    for (let i = 0; i < N; i += BATCH) {
      await engine.services.db.transaction().execute(async (trx) => {
        for (let k = i; k < i + BATCH; k++) await recordForReports({ db: trx, clock }, ids[k]!);
      });
    }
    return performance.now() - t;
  };
  const recordDecisionMs = await recordBatches();
  engine.database.sqlite.exec('UPDATE authorizations SET captured_amount = amount');
  const recordCaptureMs = await recordBatches();
  await engine.close();
  const overhead = (recordDecisionMs + recordCaptureMs) / (decideMs + captureMs);
  return [
    { name: 'authorization-create + capture, per purchase (batches of 100)', value: ((decideMs + captureMs) * 1000) / N, unit: 'us' },
    { name: 'recordForReports after decision + after capture, per purchase', value: ((recordDecisionMs + recordCaptureMs) * 1000) / N, unit: 'us' },
    { name: 'reports\' share of the purchase write path', value: overhead * 100, unit: '%' },
  ];
}

export async function run(): Promise<BenchFigure[]> {
  const scales = (process.env.KARTU_BENCH_REPORT_SCALES ?? '1000000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
  const kept = process.env.KARTU_BENCH_REPORT_DIR;
  const body = async (dir: string): Promise<BenchFigure[]> => {
    const all: BenchFigure[] = [];
    for (const entries of scales) {
      console.log(`\n(reports over ${entries.toLocaleString()} ledger entries: generating; load average ${loadAverage()})`);
      all.push(...report(`Reports over ${entries.toLocaleString()} ledger entries (issue 10), ${RUNS} runs each`, await measureScale(dir, entries, kept !== undefined)));
    }
    if (process.env.KARTU_BENCH_REPORT_SKIP_RECORDING !== '1') all.push(...report('Keeping the reports in the authorization write (issue 10)', await withTempDir(measureRecording)));
    return all;
  };
  if (kept) {
    mkdirSync(kept, { recursive: true });
    return body(kept);
  }
  return withTempDir(body);
}

if (isMain(import.meta.url)) await run();
