import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { ROLES } from '../bus/actor.js';
import type { Ctx } from '../bus/context.js';
import type { StaffRow } from '../db/schema.js';
import { forbidden, invalid, KartuError, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { hashPin } from '../security/secrets.js';
import { NO_PIN, pinMatches, pinSchema } from './pin.js';
import { actorOf, staffFromRow, STAFF_STATUSES, type StaffActor, type StaffView } from './staff.js';
import { auditSignIn, auditSignInRefused, auditSignOut, SIGN_OUT_REASONS, type SignOutReason } from './sign-in-audit.js';

/**
 * Staff are installation-wide: one list of people for both the sandbox and live data, kept in
 * live.db. Hosts send these commands to the live engine whatever mode the screen is in
 * (see `modeForCommand`); the sandbox engine refuses them so the list can never split in two.
 */
export const STAFF_COMMANDS = ['staff-create', 'staff-list', 'staff-update', 'staff-sign-in', 'staff-sign-out', 'staff-ensure-owner'] as const;

export function isStaffCommand(name: string): boolean {
  return (STAFF_COMMANDS as readonly string[]).includes(name);
}

/** The engine a host sends a command to: staff commands always go to live, the rest follow the screen. */
export function modeForCommand<M extends 'test' | 'live'>(name: string, requested: M): M | 'live' {
  return isStaffCommand(name) ? 'live' : requested;
}

/** Only an owner manages staff; a manager may see who they are. */
const manage = { scope: 'staff:write', role: 'owner' } as const;
const look = { scope: 'staff:write', role: 'manager' } as const;
/** Signing in happens before there is a caller: only a host (the system actor) calls these. */
const hostOnly = { scope: 'staff:write', role: 'owner' } as const;

/** Bounds the PIN-only sign-in, which tries each active member's hash. */
export const MAX_ACTIVE_STAFF = 200;

function systemOnly(ctx: Ctx): void {
  if (ctx.actor.type !== 'system') throw forbidden('host_only', 'Only the host signs staff in (POST /session or the sign-in link).');
}

function liveOnly(ctx: Ctx): void {
  if (ctx.mode !== 'live') {
    throw invalid('staff_installation_wide', 'Staff are kept once per installation, in live.db: send staff commands to the live engine.');
  }
}

const nameSchema = z.string().trim().min(1).max(80);

async function activeWithPin(ctx: Ctx): Promise<StaffRow[]> {
  return ctx.db.selectFrom('staff').selectAll().where('status', '=', 'active').where('pin_hash', '!=', NO_PIN).limit(MAX_ACTIVE_STAFF + 1).execute();
}

/**
 * Staff may sign in by PIN alone (the counter's sign-in screen has no name field), so a PIN must
 * identify one person: a PIN already used by another active member is refused.
 */
async function assertPinFree(ctx: Ctx, pin: string, exceptId?: string): Promise<void> {
  const others = (await activeWithPin(ctx)).filter((row) => row.id !== exceptId);
  const taken = await Promise.all(others.map((row) => pinMatches(pin, row.pin_hash)));
  if (taken.some(Boolean)) throw invalid('pin_in_use', 'Another staff member already uses this PIN. Choose a different one.', 'pin');
}

async function activeOwners(ctx: Ctx): Promise<StaffRow[]> {
  return ctx.db.selectFrom('staff').selectAll().where('role', '=', 'owner').where('status', '=', 'active').orderBy('id', 'asc').execute();
}

async function loadStaff(ctx: Ctx, id: string, param = 'id'): Promise<StaffRow> {
  const row = await ctx.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('staff member', id, param);
  return row;
}

export const staffCreate = command({
  input: z.strictObject({ name: nameSchema, role: z.enum(ROLES), pin: pinSchema }),
  permission: manage,
  audit: true,
  async handler(ctx, input): Promise<StaffView> {
    liveOnly(ctx);
    const count = await ctx.db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ACTIVE_STAFF) throw invalid('too_many_staff', `At most ${MAX_ACTIVE_STAFF} active staff members. Disable someone who left first.`);
    await assertPinFree(ctx, input.pin);
    const row: StaffRow = {
      id: ctx.ids.next('staff'),
      name: input.name,
      role: input.role,
      pin_hash: hashPin(input.pin),
      status: 'active',
      created_at: ctx.clock.now().toISOString(),
    };
    await ctx.db.insertInto('staff').values(row).execute();
    return staffFromRow(row);
  },
});

export const staffList = query({
  input: z.strictObject({ ...listParams, limit: z.coerce.number().int().min(1).max(100).default(100), status: z.enum(STAFF_STATUSES).optional() }),
  permission: look,
  async handler(ctx, input) {
    liveOnly(ctx);
    let q = ctx.db.selectFrom('staff').selectAll();
    if (input.status) q = q.where('status', '=', input.status);
    return pageById(q, 'id', input, staffFromRow);
  },
});

export const staffUpdate = command({
  input: z.strictObject({
    id: z.string().min(1).max(64),
    name: nameSchema.optional(),
    role: z.enum(ROLES).optional(),
    pin: pinSchema.optional(),
    status: z.enum(STAFF_STATUSES).optional(),
  }),
  permission: manage,
  audit: true,
  async handler(ctx, input): Promise<StaffView> {
    liveOnly(ctx);
    const current = await loadStaff(ctx, input.id);
    const next = { ...current, name: input.name ?? current.name, role: input.role ?? current.role, status: input.status ?? current.status };
    const stopsBeingOwner = current.role === 'owner' && current.status === 'active' && (next.role !== 'owner' || next.status !== 'active');
    if (stopsBeingOwner && (await activeOwners(ctx)).length <= 1) {
      throw invalid('last_owner', 'This is the only active owner: make someone else owner first, or nobody could manage staff and keys.', input.role && input.role !== 'owner' ? 'role' : 'status');
    }
    if (input.pin !== undefined) {
      await assertPinFree(ctx, input.pin, current.id);
      next.pin_hash = hashPin(input.pin);
    }
    await ctx.db.updateTable('staff').set({ name: next.name, role: next.role, status: next.status, pin_hash: next.pin_hash }).where('id', '=', current.id).execute();
    return staffFromRow(next);
  },
});

const wrongPin = (): KartuError =>
  new KartuError({ type: 'authentication_error', code: 'invalid_pin', message: 'That PIN is not right. Try again, or ask the owner to reset it.', param: 'pin' });

const signInInput = z.strictObject({
  staff_id: z.string().min(1).max(64).optional(),
  name: nameSchema.optional(),
  pin: z.string().max(64),
});

/** The one active member this PIN (and the optional id or name) identifies, or a refusal. */
async function memberWithPin(ctx: Ctx, input: z.output<typeof signInInput>): Promise<StaffActor> {
  systemOnly(ctx);
  liveOnly(ctx);
  let candidates = await activeWithPin(ctx);
  if (candidates.length === 0) {
    const anyone = await ctx.db.selectFrom('staff').select('id').where('status', '=', 'active').limit(1).executeTakeFirst();
    if (!anyone) {
      throw new KartuError({
        type: 'authentication_error',
        code: 'no_staff',
        message: 'There are no staff members yet. Open the sign-in link that `npm run serve` printed, then add staff in Settings.',
      });
    }
  }
  if (input.staff_id !== undefined) candidates = candidates.filter((row) => row.id === input.staff_id);
  if (input.name !== undefined) candidates = candidates.filter((row) => row.name.toLowerCase() === input.name?.toLowerCase());
  if (!pinSchema.safeParse(input.pin).success) throw wrongPin();
  const matches = await Promise.all(candidates.map((row) => pinMatches(input.pin, row.pin_hash)));
  const found = candidates.filter((_, i) => matches[i]);
  // PINs are unique among active staff (assertPinFree); two matches would be a bug: refuse.
  if (found.length !== 1) throw wrongPin();
  return actorOf(found[0] as StaffRow);
}

/**
 * PIN check -> the staff actor. By PIN alone (the counter screen) every active member's hash is
 * tried, in parallel off the event loop; with `staff_id` or `name` only that member's. A query:
 * no transaction is held while scrypt runs. Every attempt, signed in or refused, is written to the
 * audit trail (without the PIN); repeated failures are slowed down by the host, which knows where
 * they come from.
 */
export const staffSignIn = query({
  input: signInInput,
  permission: hostOnly,
  async handler(ctx, input): Promise<StaffActor> {
    let actor: StaffActor;
    try {
      actor = await memberWithPin(ctx, input);
    } catch (error) {
      if (error instanceof KartuError) await auditSignInRefused(ctx, 'pin', input, error, input.staff_id);
      throw error;
    }
    await auditSignIn(ctx, actor, 'pin', input);
    return actor;
  },
});

/**
 * The host ended a member's session: they signed out, or it idled out, or they were disabled. Only
 * the audit entry is written (sessions live in the host); it names the member as who did it.
 */
export const staffSignOut = command({
  input: z.strictObject({ staff_id: z.string().min(1).max(64), reason: z.enum(SIGN_OUT_REASONS).default('signed_out') }),
  permission: hostOnly,
  async handler(ctx, input): Promise<{ object: 'sign_out'; staff_id: string; reason: SignOutReason }> {
    systemOnly(ctx);
    liveOnly(ctx);
    const row = await loadStaff(ctx, input.staff_id, 'staff_id');
    await auditSignOut(ctx, actorOf(row), input.reason);
    return { object: 'sign_out', staff_id: row.id, reason: input.reason };
  },
});

/**
 * The first owner. The one-time sign-in link of the headless host (and the desktop's first start,
 * where the person at the OS account is trusted the same way) signs in as the oldest active owner;
 * when there is none yet, this creates one named `name` (default "Owner") without a PIN, who then
 * sets a PIN and adds staff in Settings (staff-update, staff-create). Each call signs the owner
 * in, so each is in the audit trail as a sign-in (method 'host') besides this command's own entry.
 */
export const staffEnsureOwner = command({
  input: z.strictObject({ name: nameSchema.optional() }),
  permission: hostOnly,
  audit: true,
  async handler(ctx, input): Promise<{ actor: StaffActor; staff: StaffView; created: boolean }> {
    systemOnly(ctx);
    liveOnly(ctx);
    const [owner] = await activeOwners(ctx);
    if (owner) {
      await auditSignIn(ctx, actorOf(owner), 'host', input);
      return { actor: actorOf(owner), staff: staffFromRow(owner), created: false };
    }
    const row: StaffRow = {
      id: ctx.ids.next('staff'),
      name: input.name ?? 'Owner',
      role: 'owner',
      pin_hash: NO_PIN,
      status: 'active',
      created_at: ctx.clock.now().toISOString(),
    };
    await ctx.db.insertInto('staff').values(row).execute();
    await auditSignIn(ctx, actorOf(row), 'host', input);
    return { actor: actorOf(row), staff: staffFromRow(row), created: true };
  },
});

export const staffHandlers = {
  'staff-create': staffCreate,
  'staff-list': staffList,
  'staff-update': staffUpdate,
  'staff-sign-in': staffSignIn,
  'staff-sign-out': staffSignOut,
  'staff-ensure-owner': staffEnsureOwner,
};
