import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { toJson } from '../db/database.js';
import { invalid } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { EMPTY_CONTROLS, normalizeControls } from '../controls/spending-controls.js';
import { defaultBrand, mergeBrand } from './brand.js';
import { requirementsFor } from './kyc-rules.js';
import { DEFAULT_EXPIRY_YEARS, SANDBOX_BINS, UNREGISTERED_BALANCE_CAP_IDR } from './program-kinds.js';
import { programCreateSchema, programUpdateSchema } from './program-schema.js';
import { NO_CAPS, NO_FEES, programFromRow, type Caps, type Program } from './program.js';
import { getProgram } from './program-repo.js';
import { assertControlsWithinCaps } from './caps-check.js';

const read = { scope: 'programs:read', role: 'cashier' } as const;
const write = { scope: 'programs:write', role: 'manager' } as const;

function mergeCaps(base: Caps, patch: Partial<Record<keyof Caps, number | null | undefined>> | undefined): Caps {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch ?? {})) if (value !== undefined) out[key as keyof Caps] = value;
  return out;
}

function assertExpiryRange(defaultYears: number, maxYears: number): void {
  if (defaultYears > maxYears) {
    throw invalid('expiry_out_of_range', `default_expiry_years (${defaultYears}) is above max_expiry_years (${maxYears}).`, 'default_expiry_years');
  }
}

export const programCreate = command({
  input: programCreateSchema,
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Program> {
    const now = ctx.clock.now().toISOString();
    const defaultCaps: Caps =
      input.kind === 'prepaid' && input.currency === 'IDR' ? { ...NO_CAPS, balance: UNREGISTERED_BALANCE_CAP_IDR } : NO_CAPS;
    const caps = mergeCaps(defaultCaps, input.caps);
    const controls = normalizeControls(input.default_spending_controls, EMPTY_CONTROLS);
    assertControlsWithinCaps(controls, caps, 'default_spending_controls');
    const defaultYears = input.default_expiry_years ?? DEFAULT_EXPIRY_YEARS[input.kind];
    const maxYears = input.max_expiry_years ?? Math.max(5, defaultYears);
    assertExpiryRange(defaultYears, maxYears);
    const bin = input.bin ?? SANDBOX_BINS[input.kind];
    const row = {
      id: ctx.ids.next('prog'),
      name: input.name,
      kind: input.kind,
      currency: input.currency,
      timezone: input.timezone ?? 'Asia/Jakarta',
      week_starts_on: input.week_starts_on ?? 1,
      network: input.network ?? 'sandbox',
      bin,
      pan_length: input.pan_length ?? 16,
      default_expiry_years: defaultYears,
      max_expiry_years: maxYears,
      default_spending_controls: toJson(controls),
      caps: toJson(caps),
      fees: toJson({ ...NO_FEES, ...input.fees }),
      kyc_requirements: toJson(requirementsFor(input.kind, input.kyc_requirements?.fields)),
      brand: toJson(mergeBrand(defaultBrand(input.name), input.brand)),
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await ctx.db.insertInto('programs').values(row).execute();
    const program = programFromRow(row, ctx.mode === 'live');
    await ctx.emit('program.created', program.id, { ...program, brand: { ...program.brand, logo: program.brand.logo ? '[logo]' : null } });
    return program;
  },
});

export const programUpdate = command({
  input: programUpdateSchema,
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Program> {
    const current = await getProgram(ctx.db, input.id, ctx.mode === 'live', 'id');
    const caps = mergeCaps(current.caps, input.caps);
    const controls = input.default_spending_controls
      ? normalizeControls(input.default_spending_controls, EMPTY_CONTROLS)
      : current.default_spending_controls;
    assertControlsWithinCaps(controls, caps, 'default_spending_controls');
    const defaultYears = input.default_expiry_years ?? current.default_expiry_years;
    const maxYears = input.max_expiry_years ?? current.max_expiry_years;
    assertExpiryRange(defaultYears, maxYears);
    await ctx.db
      .updateTable('programs')
      .set({
        name: input.name ?? current.name,
        timezone: input.timezone ?? current.timezone,
        week_starts_on: input.week_starts_on ?? current.week_starts_on,
        default_expiry_years: defaultYears,
        max_expiry_years: maxYears,
        default_spending_controls: toJson(controls),
        caps: toJson(caps),
        fees: toJson({ ...current.fees, ...input.fees }),
        kyc_requirements: toJson(input.kyc_requirements ? requirementsFor(current.kind, input.kyc_requirements.fields) : current.kyc_requirements),
        brand: toJson(mergeBrand(current.brand, input.brand)),
        status: input.status ?? current.status,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', current.id)
      .execute();
    const program = await getProgram(ctx.db, current.id, ctx.mode === 'live');
    await ctx.emit('program.updated', program.id, { id: program.id, name: program.name, status: program.status });
    return program;
  },
});

export const programGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: read,
  handler: (ctx, input) => getProgram(ctx.db, input.id, ctx.mode === 'live', 'id'),
});

export const programList = query({
  input: z.strictObject({ ...listParams, kind: z.string().optional(), status: z.enum(['active', 'archived']).optional() }),
  permission: read,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('programs').selectAll();
    if (input.kind) q = q.where('kind', '=', input.kind);
    if (input.status) q = q.where('status', '=', input.status);
    return pageById(q, 'id', input, (row) => programFromRow(row, ctx.mode === 'live'));
  },
});

export const programHandlers = {
  'program-create': programCreate,
  'program-update': programUpdate,
  'program-get': programGet,
  'program-list': programList,
};
