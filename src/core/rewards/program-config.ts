import type { Ctx } from '../bus/context.js';
import type { Db } from '../db/database.js';
import { fromJson, toJson } from '../db/database.js';
import { notFound } from '../kernel/errors.js';
import { Prepared } from '../ledger/prepared.js';
import { MCC_GROUPS } from '../reference/mcc.js';
import { campaignDefFromRow, type CampaignDef } from './campaign.js';
import type { EarningRule, RuleType } from './earning-rule.js';
import { DEFAULT_SETTINGS, settingsFromJson, type RewardsSettings } from './rewards-settings.js';
import { tierFromRow, type Tier } from './tier.js';

/** An earning rule with its scope turned into fast lookups. */
export interface CompiledRule extends EarningRule {
  categoryRanges: Array<readonly [string, string]> | null;
  locationSet: ReadonlySet<string> | null;
}

/** Everything the purchase path needs to know about a program's rewards, compiled once per change. */
export interface ProgramRewards {
  programId: string;
  token: string;
  /** The program's kind (it never changes): where cashback lands follows from it. */
  kind: string;
  currency: string;
  timezone: string;
  settings: RewardsSettings;
  rules: CompiledRule[];
  rulesByType: Partial<Record<RuleType, CompiledRule[]>>;
  /** Active tiers, lowest threshold first. */
  tiers: Tier[];
  campaigns: CampaignDef[];
}

/**
 * Compiled configurations, per engine (keyed by its id generator, one per engine) and program,
 * checked against the program's config token on every use: the token changes in the same
 * transaction as any rule, tier, campaign or setting, so a stale entry is never used, even when
 * another process changed the rules or a savepoint rolled a change back.
 */
const cache = new WeakMap<object, Map<string, ProgramRewards>>();

export function compileRule(rule: EarningRule): CompiledRule {
  const categories = rule.params.categories;
  return {
    ...rule,
    categoryRanges: categories ? categories.flatMap((c) => MCC_GROUPS[c] ?? [[c, c] as const]) : null,
    locationSet: rule.params.locations ? new Set(rule.params.locations) : null,
  };
}

async function compile(db: Db, programId: string, token: string, settingsText: string): Promise<ProgramRewards> {
  const program = await db.selectFrom('programs').select(['kind', 'currency', 'timezone']).where('id', '=', programId).executeTakeFirstOrThrow();
  const ruleRows = await db.selectFrom('rewards_earning_rules').selectAll().where('program_id', '=', programId).where('status', '=', 'active').orderBy('id').execute();
  const tierRows = await db.selectFrom('rewards_tiers').selectAll().where('program_id', '=', programId).where('status', '=', 'active').execute();
  const campaignRows = await db.selectFrom('rewards_campaigns').selectAll().where('program_id', '=', programId).where('status', '=', 'active').orderBy('id').execute();
  const rules = ruleRows.map((row) => compileRule(ruleFromRow(row)));
  const rulesByType: Partial<Record<RuleType, CompiledRule[]>> = {};
  for (const rule of rules) (rulesByType[rule.type] ??= []).push(rule);
  return {
    programId,
    token,
    kind: program.kind,
    currency: program.currency,
    timezone: program.timezone,
    settings: settingsFromJson(settingsText),
    rules,
    rulesByType,
    tiers: tierRows.map(tierFromRow).sort((a, b) => a.threshold - b.threshold),
    campaigns: campaignRows.map(campaignDefFromRow),
  };
}

export function ruleFromRow(row: {
  id: string; program_id: string; type: string; name: string; status: string; params: string; valid_from: string | null; valid_until: string | null;
}): EarningRule {
  return {
    id: row.id,
    program_id: row.program_id,
    type: row.type as RuleType,
    name: row.name,
    status: row.status as EarningRule['status'],
    valid_from: row.valid_from,
    valid_until: row.valid_until,
    params: fromJson(row.params),
  };
}

/** Runs for every purchase: built and compiled once. */
const tokenOf = new Prepared(1, (db: Db, programId: string) =>
  db.selectFrom('rewards_programs').select(['config_token', 'settings']).where('program_id', '=', programId),
);

/** The program's rewards, or null when it has none configured (then purchases earn nothing). */
export async function loadProgramRewards(ctx: Pick<Ctx, 'db' | 'ids'>, programId: string): Promise<ProgramRewards | null> {
  const [row] = await tokenOf.execute(ctx.db, programId);
  return row ? programRewardsOf(ctx, programId, row) : null;
}

/**
 * The program's compiled rewards as this engine last compiled them, if it has: possibly stale, so
 * only for work that is checked against the program's token once read (the purchase path reads its
 * member's spend window with the member, from this config's window, and uses it only when the
 * token read with it is this config's).
 */
export function cachedProgramRewards(ctx: Pick<Ctx, 'ids'>, programId: string): ProgramRewards | undefined {
  return cache.get(ctx.ids)?.get(programId);
}

/**
 * The compiled rewards of a program whose rewards row (its token and settings) the caller has just
 * read in this transaction, e.g. joined with other rows (the purchase path reads it with the member).
 */
export async function programRewardsOf(ctx: Pick<Ctx, 'db' | 'ids'>, programId: string, row: { config_token: string; settings: string }): Promise<ProgramRewards> {
  let perEngine = cache.get(ctx.ids);
  if (!perEngine) {
    perEngine = new Map();
    cache.set(ctx.ids, perEngine);
  }
  const cached = perEngine.get(programId);
  if (cached && cached.token === row.config_token) return cached;
  const compiled = await compile(ctx.db, programId, row.config_token, row.settings);
  perEngine.set(programId, compiled);
  return compiled;
}

/** Like loadProgramRewards, but a program without rewards gets the defaults (for reads and jobs). */
export async function programRewardsOrDefaults(ctx: Pick<Ctx, 'db' | 'ids'>, programId: string): Promise<ProgramRewards> {
  const loaded = await loadProgramRewards(ctx, programId);
  if (loaded) return loaded;
  const program = await ctx.db.selectFrom('programs').select(['kind', 'currency', 'timezone']).where('id', '=', programId).executeTakeFirst();
  if (!program) throw notFound('program', programId, 'program');
  return { programId, token: '', kind: program.kind, currency: program.currency, timezone: program.timezone, settings: DEFAULT_SETTINGS, rules: [], rulesByType: {}, tiers: [], campaigns: [] };
}

/**
 * Every configuration write calls this in its transaction: it creates the program's rewards row
 * on first use and gives it a new token (and new settings when given).
 */
export async function touchProgramRewards(ctx: Ctx, programId: string, settings?: RewardsSettings): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const token = ctx.ids.next('rcfg');
  const existing = await ctx.db.selectFrom('rewards_programs').select('program_id').where('program_id', '=', programId).executeTakeFirst();
  if (existing) {
    await ctx.db
      .updateTable('rewards_programs')
      .set({ config_token: token, updated_at: now, ...(settings ? { settings: toJson(settings) } : {}) })
      .where('program_id', '=', programId)
      .execute();
  } else {
    await ctx.db
      .insertInto('rewards_programs')
      .values({ program_id: programId, settings: toJson(settings ?? DEFAULT_SETTINGS), config_token: token, created_at: now, updated_at: now })
      .execute();
  }
}

export async function assertProgramExists(db: Db, programId: string, param = 'program'): Promise<{ currency: string; timezone: string }> {
  const program = await db.selectFrom('programs').select(['currency', 'timezone']).where('id', '=', programId).executeTakeFirst();
  if (!program) throw notFound('program', programId, param);
  return program;
}
