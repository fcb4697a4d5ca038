import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { notFound } from '../kernel/errors.js';
import { REPORTS_READ } from '../reports/report-handlers.js';
import { localDateSchema, reportFilters } from '../reports/scope.js';
import { annotate, annotateSchema, annotationView } from './annotations.js';
import { mappingUpdateSchema, mappingView, updateMapping } from './account-mapping.js';
import { CONTENT_TYPES, fileName } from './export-file.js';
import { EXPORT_KINDS, REPORT_EXPORTS, journalExport, reportExport, transactionsExport, type ReportExport } from './export-runner.js';
import { createSchedule, runDueSchedules, scheduleView } from './schedules.js';
import { statementOf } from './statement.js';
import { statementHtml, statementPdf } from './statement-render.js';
import { ACCOUNT_CODES } from '../ledger/accounts.js';
import { listParams, pageById } from '../kernel/pagination.js';

const format = z.enum(['csv', 'xlsx']).default('csv');
const ACCOUNTING = { scope: 'settings:write', role: 'owner' } as const;

/** Any report as CSV (one table: `table`, default its rows) or XLSX (every table, a sheet each). */
export const reportExportOp = query({
  input: z.strictObject({
    report: z.enum(Object.keys(REPORT_EXPORTS) as [ReportExport, ...ReportExport[]]),
    params: z.record(z.string(), z.unknown()).default({}),
    format,
    table: z.string().min(1).max(60).optional(),
  }),
  permission: REPORTS_READ,
  handler: (ctx, input) => reportExport(ctx, input.report, input.params, input.format, input.table),
});

/** The captures and refunds of the purchases the filters select (the reports' own filters). */
export const transactionsExportOp = query({
  input: z.strictObject({ ...reportFilters, format }),
  permission: REPORTS_READ,
  handler: (ctx, { format: f, ...filters }) => transactionsExport(ctx, filters, f, 'transactions'),
});

/** Corporate cards' transactions per employee with the expense fields staff filled in. */
export const expenseExportOp = query({
  input: z.strictObject({ ...reportFilters, format }),
  permission: REPORTS_READ,
  handler: (ctx, { format: f, ...filters }) => transactionsExport(ctx, filters, f, 'expenses'),
});

/** The ledger as journal lines: the generic CSV (re-importable) or Xero's bank statement CSV. */
export const journalExportOp = query({
  input: z.strictObject({
    from: localDateSchema,
    to: localDateSchema,
    format: z.enum(['generic', 'xero']).default('generic'),
    account: z.enum(ACCOUNT_CODES).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  }),
  permission: REPORTS_READ,
  handler: (ctx, input) => journalExport(ctx, input),
});

export const accountMappingGet = query({
  input: z.strictObject({}),
  permission: REPORTS_READ,
  handler: (ctx) => mappingView(ctx.db),
});

export const accountMappingUpdate = command({
  input: mappingUpdateSchema,
  permission: ACCOUNTING,
  audit: true,
  async handler(ctx, input) {
    const view = await updateMapping(ctx.db, input, ctx.clock.now().toISOString());
    await ctx.emit('account_mapping.updated', 'account_mapping', { timezone: view.timezone, mapped: view.accounts.filter((a) => a.mapped).length });
    return view;
  },
});

/** Staff fill in the expense fields of a transaction (any staff role: the employee's manager or the cashier). */
export const transactionAnnotate = command({
  input: annotateSchema,
  permission: { scope: 'transactions:write', role: 'cashier' },
  audit: true,
  handler: (ctx, input) => annotate(ctx, input),
});

export const transactionAnnotationGet = query({
  input: z.strictObject({ transaction: z.string().min(1).max(64) }),
  permission: { scope: 'transactions:read', role: 'cashier' },
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('transaction_annotations').selectAll().where('transaction_id', '=', input.transaction).executeTakeFirst();
    if (!row) {
      const txn = await ctx.db.selectFrom('transactions').select('id').where('id', '=', input.transaction).executeTakeFirst();
      if (!txn) throw notFound('transaction', input.transaction, 'transaction');
      return { object: 'transaction_annotation' as const, transaction: input.transaction, category: null, notes: null, receipt_ref: null };
    }
    return annotationView(row);
  },
});

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

export const statementGet = query({
  input: z.strictObject({ card: z.string().min(1).max(64), month: monthSchema }),
  permission: { scope: 'cards:read', role: 'manager' },
  handler: (ctx, input) => statementOf(ctx.db, input.card, input.month, ctx.clock.now()),
});

/** The statement as a file: PDF (hand-written, standard fonts) or HTML. */
export const statementRender = query({
  input: z.strictObject({ card: z.string().min(1).max(64), month: monthSchema, format: z.enum(['pdf', 'html']).default('pdf') }),
  permission: { scope: 'cards:read', role: 'manager' },
  async handler(ctx, input) {
    const s = await statementOf(ctx.db, input.card, input.month, ctx.clock.now());
    const name = fileName(['statement', s.card.last4, s.month], input.format);
    if (input.format === 'html') return { object: 'export' as const, filename: name, content_type: CONTENT_TYPES.html, encoding: 'utf8' as const, content: statementHtml(s), rows: s.lines.length };
    return { object: 'export' as const, filename: name, content_type: CONTENT_TYPES.pdf, encoding: 'base64' as const, content: statementPdf(s).toString('base64'), rows: s.lines.length };
  },
});

const scheduleFilters = z.strictObject({
  program: z.string().min(1).max(64).optional(),
  branch: z.string().trim().min(1).max(120).optional(),
  card: z.string().min(1).max(64).optional(),
  tier: z.string().min(1).max(64).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

export const exportScheduleCreate = command({
  input: z.strictObject({
    report: z.enum(EXPORT_KINDS),
    format: z.enum(['csv', 'xlsx', 'xero']).default('csv'),
    folder: z.string().min(1).max(1_000),
    every: z.enum(['day', 'week', 'month']),
    filters: scheduleFilters.optional(),
  }),
  permission: ACCOUNTING,
  audit: true,
  async handler(ctx, input) {
    const view = scheduleView(await createSchedule(ctx, input));
    await ctx.emit('export_schedule.created', view.id, view);
    return view;
  },
});

export const exportScheduleList = query({
  input: z.strictObject({ ...listParams, status: z.enum(['active', 'canceled']).optional() }),
  permission: REPORTS_READ,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('export_schedules').selectAll();
    if (input.status) q = q.where('status', '=', input.status);
    return pageById(q, 'id', input, scheduleView);
  },
});

export const exportScheduleCancel = command({
  input: z.strictObject({ id: z.string().min(1).max(64) }),
  permission: ACCOUNTING,
  audit: true,
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('export_schedules').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('export schedule', input.id, 'id');
    const now = ctx.clock.now().toISOString();
    await ctx.db.updateTable('export_schedules').set({ status: 'canceled', updated_at: now }).where('id', '=', row.id).execute();
    return scheduleView({ ...row, status: 'canceled', updated_at: now });
  },
});

/** The scheduled job (jobs/job-runner.ts): writes every export that is due, catching up missed periods. */
export const exportsRunScheduled = command({
  input: z.strictObject({}),
  permission: ACCOUNTING,
  async handler(ctx) {
    const run = await runDueSchedules(ctx);
    if (run.files.length > 0 || run.errors.length > 0) await ctx.emit('exports.ran', 'exports', { files: run.files.length, errors: run.errors });
    return run;
  },
});

export const exportHandlers = {
  'report-export': reportExportOp,
  'transactions-export': transactionsExportOp,
  'expense-export': expenseExportOp,
  'journal-export': journalExportOp,
  'account-mapping-get': accountMappingGet,
  'account-mapping-update': accountMappingUpdate,
  'transaction-annotate': transactionAnnotate,
  'transaction-annotation-get': transactionAnnotationGet,
  'statement-get': statementGet,
  'statement-render': statementRender,
  'export-schedule-create': exportScheduleCreate,
  'export-schedule-list': exportScheduleList,
  'export-schedule-cancel': exportScheduleCancel,
  'exports-run-scheduled': exportsRunScheduled,
};
