import type { Ctx } from '../bus/context.js';
import type { Db } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { getCardholderRow } from '../cardholders/cardholder-repo.js';
import { findMember, type MemberRow } from './member.js';

export const READ = { scope: 'rewards:read', role: 'cashier' } as const;
/** What staff at the counter do: redeem, enrol, exchange at a partner. */
export const COUNTER = { scope: 'rewards:write', role: 'cashier' } as const;
/** Rules, tiers, catalogue, campaigns, partners, adjustments: the cashier role cannot change them. */
export const MANAGE = { scope: 'rewards:write', role: 'manager' } as const;

/**
 * The program a cardholder's rewards are asked about: the one given, else the only program they are
 * a member of, else the program of their newest card.
 */
export async function resolveProgram(db: Db, cardholderId: string, programId: string | undefined): Promise<string> {
  await getCardholderRow(db, cardholderId, 'cardholder');
  if (programId) {
    const program = await db.selectFrom('programs').select('id').where('id', '=', programId).executeTakeFirst();
    if (!program) throw notFound('program', programId, 'program');
    return programId;
  }
  const memberships = await db.selectFrom('rewards_members').select('program_id').where('cardholder_id', '=', cardholderId).execute();
  if (memberships.length === 1) return memberships[0]!.program_id;
  if (memberships.length > 1) throw invalid('parameter_missing', 'This cardholder is a member of several programs: name the program.', 'program');
  const card = await db.selectFrom('cards').select('program_id').where('cardholder_id', '=', cardholderId).orderBy('id', 'desc').executeTakeFirst();
  if (!card) throw invalid('parameter_missing', 'This cardholder has no card and no rewards membership: name the program.', 'program');
  return card.program_id;
}

export async function memberOrNull(ctx: Ctx, cardholderId: string, programId: string): Promise<MemberRow | null> {
  return (await findMember(ctx.db, programId, cardholderId)) ?? null;
}

/** Locations named in rules and campaigns must be the business's own branches (merchant id or location id). */
export async function assertKnownLocations(db: Db, locations: readonly string[] | undefined, param: string): Promise<void> {
  if (!locations || locations.length === 0) return;
  const rows = await db
    .selectFrom('locations')
    .select(['id', 'merchant_id'])
    .where((eb) => eb.or([eb('id', 'in', [...locations]), eb('merchant_id', 'in', [...locations])]))
    .execute();
  const known = new Set(rows.flatMap((r) => [r.id, r.merchant_id]));
  const unknown = locations.find((l) => !known.has(l));
  if (unknown !== undefined) throw invalid('unknown_location', `${unknown} is not one of your branches (a location id or merchant id).`, param);
}

export function created(at: string): number {
  return Math.floor(Date.parse(at) / 1000);
}
