import { z } from 'zod';
import Papa from 'papaparse';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { invalid } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { currencySchema } from '../programs/program-schema.js';
import type { FxRateRow } from '../ledger/tables.js';
import { fxRateFromRow, type FxRate } from './fx-rates.js';
import { parseRate } from './rate.js';

const rateText = z.string().max(30).refine((text) => parseRate(text) !== null, { message: 'must be a positive decimal number with at most 12 decimals, e.g. "16250.5"' });

const write = { scope: 'settings:write', role: 'manager' } as const;
const read = { scope: 'transactions:read', role: 'cashier' } as const;

const MAX_IMPORT_ROWS = 5_000;

async function insertRate(ctx: Ctx, entry: { base: string; quote: string; rate: string; effective_at?: string | undefined; source: string }, param = ''): Promise<FxRate> {
  if (entry.base === entry.quote) throw invalid('parameter_invalid', 'base and quote must be different currencies.', `${param}quote`);
  const now = ctx.clock.now();
  const effective = entry.effective_at ? new Date(entry.effective_at) : now;
  if (Number.isNaN(effective.getTime())) throw invalid('parameter_invalid', 'effective_at must be an ISO 8601 date-time.', `${param}effective_at`);
  const row: FxRateRow = {
    id: ctx.ids.next('fx'),
    base: entry.base,
    quote: entry.quote,
    rate: entry.rate.trim(),
    source: entry.source,
    effective_at: effective.toISOString(),
    created_at: now.toISOString(),
  };
  await ctx.db.insertInto('fx_rates').values(row).execute();
  return fxRateFromRow(row);
}

/** Manual entry: 1 base = rate quote, in effect from effective_at (default now). */
export const fxRateSet = command({
  input: z.strictObject({ base: currencySchema, quote: currencySchema, rate: rateText, effective_at: z.string().datetime({ offset: true }).optional() }),
  permission: write,
  audit: true,
  async handler(ctx, input) {
    const rate = await insertRate(ctx, { ...input, source: 'manual' });
    await ctx.emit('fx_rate.created', rate.id, { ...rate });
    return rate;
  },
});

/** Import a CSV with the header base,quote,rate[,effective_at]: all rows or none. */
export const fxRateImport = command({
  input: z.strictObject({ csv: z.string().min(1).max(1_000_000) }),
  permission: write,
  audit: true,
  async handler(ctx, input) {
    const parsed = Papa.parse<Record<string, string>>(input.csv.trim(), { header: true, skipEmptyLines: true });
    if (parsed.data.length > MAX_IMPORT_ROWS) throw invalid('too_many_rows', `At most ${MAX_IMPORT_ROWS} rates per import.`, 'csv');
    const header = parsed.meta.fields ?? [];
    for (const field of ['base', 'quote', 'rate']) if (!header.includes(field)) throw invalid('parameter_invalid', `The CSV needs a "${field}" column.`, 'csv');
    const rates: FxRate[] = [];
    for (const [index, row] of parsed.data.entries()) {
      const at = `csv.${index + 1}.`;
      const base = currencySchema.safeParse(row.base?.trim());
      const quote = currencySchema.safeParse(row.quote?.trim());
      if (!base.success) throw invalid('parameter_invalid', `Row ${index + 1}: base is not a supported currency.`, `${at}base`);
      if (!quote.success) throw invalid('parameter_invalid', `Row ${index + 1}: quote is not a supported currency.`, `${at}quote`);
      if (!row.rate || parseRate(row.rate) === null) throw invalid('parameter_invalid', `Row ${index + 1}: rate must be a positive decimal.`, `${at}rate`);
      rates.push(await insertRate(ctx, { base: base.data, quote: quote.data, rate: row.rate, effective_at: row.effective_at?.trim() || undefined, source: 'import' }, at));
    }
    return { object: 'fx_rate_import' as const, imported: rates.length, data: rates };
  },
});

export const fxRateList = query({
  input: z.strictObject({ ...listParams, base: currencySchema.optional(), quote: currencySchema.optional() }),
  permission: read,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('fx_rates').selectAll();
    if (input.base) q = q.where('base', '=', input.base);
    if (input.quote) q = q.where('quote', '=', input.quote);
    return pageById(q, 'id', input, fxRateFromRow);
  },
});

export const fxHandlers = {
  'fx-rate-set': fxRateSet,
  'fx-rate-import': fxRateImport,
  'fx-rate-list': fxRateList,
};
