import type { Ctx } from '../bus/context.js';
import { invalid } from '../kernel/errors.js';
import { reportHandlers } from '../reports/report-handlers.js';
import { resolveScope, type ReportFilters } from '../reports/scope.js';
import { exportFile, type ExportFile, type ExportFormat } from './export-file.js';
import { journalLines, journalTable, xeroTables } from './journal.js';
import { reportTables } from './report-tables.js';
import { expenseTable, transactionRows, transactionsTable } from './transaction-rows.js';
import { toCsv } from './csv.js';
import { fileName, CONTENT_TYPES } from './export-file.js';

/**
 * Every export by name, so that the bus commands and the scheduled exports produce the same files:
 * a report (any report-* query, with its own parameters), the transactions and the expenses with
 * the reports' filters, and the journal.
 */
export const REPORT_EXPORTS = {
  spending: 'report-spending',
  'spending-summary': 'report-spending-summary',
  'spending-heatmap': 'report-spending-heatmap',
  'spending-by-category': 'report-spending-by-category',
  'spending-by-merchant': 'report-spending-by-merchant',
  'spending-by-card': 'report-spending-by-card',
  authorizations: 'report-authorizations',
  loyalty: 'report-loyalty',
  campaigns: 'report-campaigns',
  corporate: 'report-corporate',
} as const;
export type ReportExport = keyof typeof REPORT_EXPORTS;
export const EXPORT_KINDS = [...(Object.keys(REPORT_EXPORTS) as ReportExport[]), 'transactions', 'expenses', 'journal'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export async function reportExport(ctx: Ctx, report: ReportExport, params: Record<string, unknown>, format: ExportFormat, table?: string): Promise<ExportFile> {
  const name = REPORT_EXPORTS[report];
  const op = reportHandlers[name] as { input: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }; handler(ctx: Ctx, input: unknown): Promise<unknown> };
  const parsed = op.input.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error!.issues[0]!;
    throw invalid('parameter_invalid', `Invalid params.${issue.path.map(String).join('.')}: ${issue.message}`, `params.${issue.path.map(String).join('.')}`);
  }
  const result = (await op.handler(ctx, parsed.data)) as Record<string, unknown>;
  const tables = reportTables(result);
  if (table && !tables.some((t) => t.name === table)) {
    throw invalid('parameter_invalid', `This report has the tables ${tables.map((t) => t.name).join(', ')}.`, 'table');
  }
  const filters = result.filters as { from: string; to: string };
  return exportFile(tables, format, ['kartu', report, filters.from, filters.to], table);
}

export async function transactionsExport(ctx: Ctx, filters: ReportFilters, format: ExportFormat, kind: 'transactions' | 'expenses'): Promise<ExportFile> {
  const now = ctx.clock.now();
  const scope = await resolveScope(ctx.db, filters, now, kind === 'expenses' ? { kinds: ['corporate'] } : {});
  const rows = await transactionRows(ctx.db, scope);
  const table = kind === 'expenses' ? expenseTable(rows) : transactionsTable(rows);
  return exportFile([table], format, ['kartu', kind, scope.from, scope.to]);
}

export interface JournalExportInput {
  from: string;
  to: string;
  format: 'generic' | 'xero';
  /** Xero: which kind of ledger account is the statement's "bank account" (default issuer_cash). */
  account?: string | undefined;
  currency?: string | undefined;
}

export interface JournalExport extends ExportFile {
  /** Xero files hold at most 1,000 lines: a longer statement comes in parts (the first is above). */
  files: ExportFile[];
  debit_minor: number;
  credit_minor: number;
}

export async function journalExport(ctx: Ctx, input: JournalExportInput): Promise<JournalExport> {
  const lines = await journalLines(ctx.db, input);
  const debit = lines.reduce((s, l) => s + l.debit, 0);
  const credit = lines.reduce((s, l) => s + l.credit, 0);
  if (input.format === 'generic') {
    const file = exportFile([journalTable(lines)], 'csv', ['kartu', 'journal', input.from, input.to]);
    return { ...file, files: [file], debit_minor: debit, credit_minor: credit };
  }
  const account = input.account ?? 'issuer_cash';
  const currencies = [...new Set(lines.filter((l) => l.ledger_code === account).map((l) => l.currency))];
  const currency = input.currency ?? (currencies.length <= 1 ? (currencies[0] ?? (await defaultCurrency(ctx))) : null);
  if (!currency) throw invalid('parameter_missing', `The ${account} lines are in ${currencies.join(' and ')}: choose a currency (one statement per currency).`, 'currency');
  const tables = xeroTables(lines, account, currency);
  const files = tables.map((t, i) => ({
    object: 'export' as const,
    filename: fileName(['kartu', 'xero', account, currency, input.from, input.to, tables.length > 1 ? `part${i + 1}` : null], 'csv'),
    content_type: CONTENT_TYPES.csv,
    encoding: 'utf8' as const,
    content: toCsv(t),
    rows: t.rows.length,
  }));
  return { ...files[0]!, files, debit_minor: debit, credit_minor: credit };
}

async function defaultCurrency(ctx: Ctx): Promise<string | null> {
  const rows = await ctx.db.selectFrom('programs').select('currency').distinct().execute();
  return rows.length === 1 ? rows[0]!.currency : null;
}
