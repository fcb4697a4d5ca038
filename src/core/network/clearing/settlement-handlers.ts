import { z } from 'zod';
import { command, query } from '../../bus/define.js';
import { actorLabel } from '../../bus/actor.js';
import { fromJson, toJson } from '../../db/database.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { listParams, pageById } from '../../kernel/pagination.js';
import { capture } from '../../authorization/settlement.js';
import type { SettlementImportRow, SettlementItemRow } from '../reconciliation/tables.js';
import { readSettlementFile, type ReadSettlement } from './settlement-formats.js';
import type { Ctx } from '../../bus/context.js';
import { NetworkUnavailableError, type NetworkClearingFile } from '../adapter.js';
import { requireNetwork } from '../network-registry.js';
import { ITEM_PROBLEMS, matchRecord, settlementClientId } from './settlement-match.js';

/** 100,000 rows of about 150 characters. */
const MAX_CONTENT_CHARS = 20_000_000;
const PROBLEMS_IN_MESSAGE = 10;

function importView(row: SettlementImportRow, extra: { duplicate?: boolean; skipped?: number } = {}) {
  return {
    id: row.id,
    object: 'settlement_import' as const,
    file_id: row.file_id,
    format: row.format,
    network: row.network,
    settlement_date: row.settlement_date,
    records: row.records,
    matched: row.matched,
    captured: row.captured,
    exceptions: row.exceptions,
    total_amount: fromJson<Record<string, number>>(row.total_amount),
    imported_by: row.imported_by,
    created_at: row.created_at,
    duplicate: extra.duplicate ?? false,
    ...(extra.skipped !== undefined ? { skipped: extra.skipped } : {}),
  };
}

function itemView(row: SettlementItemRow) {
  return {
    id: row.id,
    object: 'settlement_item' as const,
    import: row.import_id,
    record_id: row.record_id,
    line: row.line,
    type: row.type,
    authorization: row.authorization_id,
    rrn: row.rrn,
    card_last4: row.card_last4,
    amount: row.amount,
    currency: row.currency,
    merchant_id: row.merchant_id,
    settled_at: row.settled_at,
    interchange_fee: row.interchange_fee,
    outcome: row.outcome,
    problem: row.problem,
    detail: row.detail,
    transaction: row.transaction_id,
    status: row.status,
    resolution: row.resolution,
    resolution_note: row.resolution_note,
    resolved_by: row.resolved_by,
    resolved_at: row.resolved_at,
  };
}

/**
 * Imports a clearing (settlement) file: all or nothing. Every row is checked first; any bad row
 * refuses the whole file, each problem named by line (CSV) or record number (sandbox JSON), and
 * nothing is written. A file already imported (same file id) changes nothing and answers the first
 * import. A record already imported by another file is skipped (record ids are the network's).
 * Each record is matched and posted in this one write (see settlement-match.ts).
 */
export const settlementImport = command({
  input: z.strictObject({
    content: z.string().min(1).max(MAX_CONTENT_CHARS),
    format: z.enum(['sandbox', 'csv']).optional(),
    file_id: z.string().regex(/^[\x21-\x7e]{1,100}$/, 'must be 1 to 100 printable characters without spaces').optional(),
  }),
  permission: { scope: 'transactions:write', role: 'manager' },
  // Not audited by input (the file can be megabytes); its `settlement.imported` event is the record.
  async handler(ctx, input) {
    return importSettlementFile(ctx, readSettlementFile(input.content, { format: input.format, fileId: input.file_id }));
  },
});

/** Refuses a file with any bad row (each named), recognises a file imported before, else matches and posts every record. */
async function importSettlementFile(ctx: Ctx, file: ReadSettlement) {
  if (file.problems.length > 0) {
    const where = file.format === 'csv' ? 'line' : 'record';
    const shown = file.problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `${where} ${p.line}${p.column ? ` ${p.column}` : ''}: ${p.message}`);
    const more = file.problems.length > PROBLEMS_IN_MESSAGE ? `; and ${file.problems.length - PROBLEMS_IN_MESSAGE} more` : '';
    throw invalid('settlement_file_invalid', `The settlement file was not imported (${file.problems.length} problem(s)): ${shown.join('; ')}${more}.`, 'content', { problems: file.problems });
  }
  const existing = await ctx.db.selectFrom('settlement_imports').selectAll().where('file_id', '=', file.fileId).executeTakeFirst();
  if (existing) return importView(existing, { duplicate: true });

  const at = ctx.clock.now().toISOString();
  const importId = ctx.ids.next('simp');
  const totals: Record<string, number> = {};
  for (const r of file.records) totals[r.currency] = (totals[r.currency] ?? 0) + (r.type === 'refund' ? -r.amount : r.amount);
  const row: SettlementImportRow = {
    id: importId, file_id: file.fileId, format: file.format, network: file.network, settlement_date: file.settlementDate,
    records: file.records.length, matched: 0, captured: 0, exceptions: 0, total_amount: toJson(totals), imported_by: actorLabel(ctx.actor), created_at: at,
  };
  await ctx.db.insertInto('settlement_imports').values(row).execute();

  const known = new Set<string>();
  const ids = file.records.map((r) => r.record_id);
  for (let i = 0; i < ids.length; i += 500) {
    const seen = await ctx.db.selectFrom('settlement_items').select('record_id').where('record_id', 'in', ids.slice(i, i + 500)).execute();
    for (const s of seen) known.add(s.record_id);
  }
  let skipped = 0;
  for (const record of file.records) {
    if (known.has(record.record_id)) {
      skipped++;
      continue;
    }
    const match = await matchRecord(ctx, record);
    const item: SettlementItemRow = {
      id: ctx.ids.next('sitm'), import_id: importId, record_id: record.record_id, line: record.line, type: record.type,
      authorization_id: match.authorizationId, rrn: record.rrn, card_last4: record.card_last4, amount: record.amount, currency: record.currency,
      merchant_id: record.merchant_id, settled_at: record.settled_at, interchange_fee: record.interchange_fee, outcome: match.outcome,
      problem: match.problem, detail: match.detail, transaction_id: match.transactionId, status: match.outcome === 'exception' ? 'open' : 'matched',
      resolution: null, resolution_note: null, resolved_by: null, resolved_at: null, created_at: at,
    };
    await ctx.db.insertInto('settlement_items').values(item).execute();
    if (match.outcome === 'exception') row.exceptions++;
    else row.matched++;
    if (match.outcome === 'captured' || match.outcome === 'refunded') row.captured++;
  }
  await ctx.db.updateTable('settlement_imports').set({ matched: row.matched, captured: row.captured, exceptions: row.exceptions }).where('id', '=', importId).execute();
  await ctx.emit('settlement.imported', importId, { id: importId, file_id: file.fileId, records: row.records, matched: row.matched, captured: row.captured, exceptions: row.exceptions, skipped });
  return importView(row, { skipped });
}

/**
 * Receives the day's clearing records from the card network itself (the adapter's `clearingFile`),
 * then imports them exactly as `settlement-import` would: all or nothing, a file received twice
 * changes nothing. The network is asked before the write opens: a slow network holds no lock.
 */
export const settlementFetch = command({
  input: z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'must be a real date') }),
  permission: { scope: 'transactions:write', role: 'manager' },
  before: async (services, input) => {
    try {
      return await requireNetwork(services).clearingFile(input.date);
    } catch (error) {
      if (error instanceof NetworkUnavailableError) throw invalid('network_unreachable', `The card network did not answer; its clearing file for ${input.date} was not received. Try again later.`, 'date');
      throw error;
    }
  },
  async handler(ctx, _input, received) {
    const file = received as NetworkClearingFile;
    return importSettlementFile(ctx, readSettlementFile(file.content, { format: file.format }));
  },
});

export const settlementImportList = query({
  input: z.strictObject({ ...listParams }),
  permission: { scope: 'transactions:read', role: 'manager' },
  handler: (ctx, input) => pageById(ctx.db.selectFrom('settlement_imports').selectAll(), 'id', input, (row) => importView(row)),
});

export const settlementImportGet = query({
  input: z.strictObject({ id: z.string().min(1).max(64) }),
  permission: { scope: 'transactions:read', role: 'manager' },
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('settlement_imports').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('settlement import', input.id, 'id');
    return importView(row);
  },
});

/** The items of imports; `status: 'open'` is what a person still has to resolve. */
export const settlementItemList = query({
  input: z.strictObject({
    ...listParams,
    import: z.string().min(1).max(64).optional(),
    status: z.enum(['open', 'matched', 'resolved']).optional(),
    problem: z.enum(ITEM_PROBLEMS).optional(),
  }),
  permission: { scope: 'transactions:read', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('settlement_items').selectAll();
    if (input.import) q = q.where('import_id', '=', input.import);
    if (input.status) q = q.where('status', '=', input.status);
    if (input.problem) q = q.where('problem', '=', input.problem);
    return pageById(q, 'id', input, itemView);
  },
});

export const settlementItemGet = query({
  input: z.strictObject({ id: z.string().min(1).max(64) }),
  permission: { scope: 'transactions:read', role: 'manager' },
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('settlement_items').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('settlement item', input.id, 'id');
    return itemView(row);
  },
});

export const SETTLEMENT_RESOLUTIONS = ['capture', 'dismiss', 'written_off'] as const;

/**
 * Closes an open item: `capture` posts the cleared amount against what the authorization still
 * holds (final: the rest is released) — the usual answer to a tip or a smaller final amount;
 * `written_off` records money the network took that Kartu cannot recover; `dismiss` closes an
 * item that needs nothing (a duplicate, resolved with the network). A note says why.
 */
export const settlementItemResolve = command({
  input: z.strictObject({ id: z.string().min(1).max(64), resolution: z.enum(SETTLEMENT_RESOLUTIONS), note: z.string().trim().max(500).optional() }),
  permission: { scope: 'transactions:write', role: 'manager' },
  audit: true,
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('settlement_items').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('settlement item', input.id, 'id');
    if (row.status !== 'open') throw invalid('not_open', `This item is ${row.status}; only open items are resolved.`, 'id');
    let transactionId = row.transaction_id;
    if (input.resolution === 'capture') {
      const auth = row.authorization_id ? await ctx.db.selectFrom('authorizations').select(['id', 'status', 'pending_amount']).where('id', '=', row.authorization_id).executeTakeFirst() : undefined;
      if (row.type !== 'capture' || !auth || auth.status !== 'pending' || auth.pending_amount === 0) {
        throw invalid('nothing_to_capture', 'Nothing of this authorization is still held; choose written_off or dismiss.', 'resolution');
      }
      if (row.amount > auth.pending_amount) {
        throw invalid('amount_too_large', `The network cleared ${row.amount}, but only ${auth.pending_amount} is held; capture what is held through the authorization, then write off the rest.`, 'resolution');
      }
      const txn = await capture(ctx, { id: auth.id, amount: row.amount, client_id: settlementClientId(row.record_id) });
      transactionId = txn.id;
    }
    const resolved = { status: 'resolved', resolution: input.resolution, resolution_note: input.note ?? null, resolved_by: actorLabel(ctx.actor), resolved_at: ctx.clock.now().toISOString(), transaction_id: transactionId };
    await ctx.db.updateTable('settlement_items').set(resolved).where('id', '=', row.id).execute();
    await ctx.emit('settlement.item.resolved', row.id, { id: row.id, resolution: input.resolution, transaction: transactionId });
    return itemView({ ...row, ...resolved });
  },
});

export const settlementHandlers = {
  'settlement-import': settlementImport,
  'settlement-fetch': settlementFetch,
  'settlement-import-list': settlementImportList,
  'settlement-import-get': settlementImportGet,
  'settlement-item-list': settlementItemList,
  'settlement-item-get': settlementItemGet,
  'settlement-item-resolve': settlementItemResolve,
};
