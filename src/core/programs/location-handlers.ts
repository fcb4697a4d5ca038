import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { LocationRow } from '../db/schema.js';
import { invalid, notFound } from '../kernel/errors.js';
import { mccSchema, countrySchema } from '../controls/spending-controls.js';

/** The merchant's own branches: closed-loop programs accept only these, and location limits name them. */
export interface Location {
  id: string;
  object: 'location';
  name: string;
  merchant_id: string;
  mcc: string;
  city: string;
  country: string;
  created: number;
}

export function locationFromRow(row: LocationRow): Location {
  return { id: row.id, object: 'location', name: row.name, merchant_id: row.merchant_id, mcc: row.mcc, city: row.city, country: row.country, created: Math.floor(Date.parse(row.created_at) / 1000) };
}

export const locationCreate = command({
  input: z.strictObject({
    name: z.string().trim().min(1).max(100),
    merchant_id: z.string().trim().min(1).max(15).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII (ISO 8583 field 42)'),
    mcc: mccSchema,
    city: z.string().trim().min(1).max(60),
    country: countrySchema,
  }),
  permission: { scope: 'programs:write', role: 'manager' },
  audit: true,
  async handler(ctx, input): Promise<Location> {
    const taken = await ctx.db.selectFrom('locations').select('id').where('merchant_id', '=', input.merchant_id).executeTakeFirst();
    if (taken) throw invalid('merchant_id_taken', `Merchant id ${input.merchant_id} is already used by ${taken.id}.`, 'merchant_id');
    const row: LocationRow = { id: ctx.ids.next('loc'), ...input, created_at: ctx.clock.now().toISOString() };
    await ctx.db.insertInto('locations').values(row).execute();
    await ctx.emit('location.created', row.id, { id: row.id, name: row.name, merchant_id: row.merchant_id });
    return locationFromRow(row);
  },
});

export const locationList = query({
  input: z.strictObject({}),
  permission: { scope: 'programs:read', role: 'cashier' },
  async handler(ctx) {
    const rows = await ctx.db.selectFrom('locations').selectAll().orderBy('name').execute();
    return { object: 'list' as const, data: rows.map(locationFromRow), has_more: false };
  },
});

export const locationGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: { scope: 'programs:read', role: 'cashier' },
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('locations').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('location', input.id, 'id');
    return locationFromRow(row);
  },
});

export const locationHandlers = {
  'location-create': locationCreate,
  'location-list': locationList,
  'location-get': locationGet,
};
