import { z } from 'zod';
import type { Ctx } from '../bus/context.js';
import { notFound } from '../kernel/errors.js';
import type { TransactionAnnotationsTable } from '../reports/report-tables.js';

/**
 * Expense fields staff fill in on a transaction (a corporate card's supplier payment, typically):
 * the expense category the bookkeeping uses, notes, and a reference to the receipt (a file name,
 * a document number or a link). Omitted fields stay as they are; null clears one.
 */
export const annotateSchema = z.strictObject({
  transaction: z.string().min(1).max(64),
  category: z.string().trim().min(1).max(60).nullable().optional(),
  notes: z.string().trim().max(1_000).nullable().optional(),
  receipt_ref: z.string().trim().min(1).max(300).nullable().optional(),
});

export function annotationView(row: TransactionAnnotationsTable) {
  return {
    object: 'transaction_annotation' as const,
    transaction: row.transaction_id,
    authorization: row.authorization_id,
    card: row.card_id,
    category: row.category,
    notes: row.notes,
    receipt_ref: row.receipt_ref,
    updated_by: row.updated_by,
    updated: Math.floor(Date.parse(row.updated_at) / 1000),
  };
}

function actorName(ctx: Ctx): string {
  return ctx.actor.type === 'staff' ? `staff:${ctx.actor.id}` : `${ctx.actor.type}:${ctx.actor.id}`;
}

export async function annotate(ctx: Ctx, input: z.output<typeof annotateSchema>) {
  const txn = await ctx.db.selectFrom('transactions').select(['id', 'authorization_id', 'card_id']).where('id', '=', input.transaction).executeTakeFirst();
  if (!txn) throw notFound('transaction', input.transaction, 'transaction');
  const current = await ctx.db.selectFrom('transaction_annotations').selectAll().where('transaction_id', '=', txn.id).executeTakeFirst();
  const now = ctx.clock.now().toISOString();
  const pick = (value: string | null | undefined, old: string | null | undefined): string | null => (value === undefined ? (old ?? null) : value === '' ? null : value);
  const row: TransactionAnnotationsTable = {
    transaction_id: txn.id,
    authorization_id: txn.authorization_id,
    card_id: txn.card_id,
    category: pick(input.category, current?.category),
    notes: pick(input.notes, current?.notes),
    receipt_ref: pick(input.receipt_ref, current?.receipt_ref),
    updated_by: actorName(ctx),
    created_at: current?.created_at ?? now,
    updated_at: now,
  };
  await ctx.db.insertInto('transaction_annotations').values(row).onConflict((oc) => oc.column('transaction_id').doUpdateSet(row)).execute();
  const view = annotationView(row);
  await ctx.emit('transaction.annotated', txn.id, view);
  return view;
}
