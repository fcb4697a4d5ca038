import { accessSync, constants, existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Ctx } from '../bus/context.js';
import { fromJson, toJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { addDays, lastDayOfMonth, localParts, startOfLocalDay, weekStart } from '../reports/zone-time.js';
import type { ExportScheduleRow } from '../reports/report-tables.js';
import { loadMapping } from './account-mapping.js';
import { contentBytes, type ExportFile } from './export-file.js';
import { journalExport, reportExport, transactionsExport, type ExportKind, type ReportExport } from './export-runner.js';

/**
 * Scheduled exports: every day, week or month, the period that just ended is exported to a folder
 * (a shared drive the accountant reads, say). The job `exports-run-scheduled` catches up: after the
 * app was closed for a week, a daily schedule writes the seven missing days. Files are named by
 * their period, written to a temporary name and renamed, so a reader never sees half a file and a
 * rerun replaces the same file instead of adding one.
 */
export type Every = 'day' | 'week' | 'month';
export interface ScheduleFilters {
  program?: string | undefined;
  branch?: string | undefined;
  card?: string | undefined;
  tier?: string | undefined;
  /** Report parameters other than the filters (period, by, limit); journal: account, currency. */
  options?: Record<string, unknown> | undefined;
}

/** At most this many periods are caught up per run (the job runs again). */
export const MAX_CATCH_UP = 31;

export function checkFolder(folder: string): void {
  if (!isAbsolute(folder) || folder.includes('\0')) throw invalid('parameter_invalid', 'folder must be an absolute path.', 'folder');
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw invalid('folder_missing', `There is no folder ${folder}.`, 'folder');
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw invalid('folder_not_writable', `Kartu cannot write to ${folder}.`, 'folder');
  }
}

async function zoneOf(ctx: Ctx, filters: ScheduleFilters): Promise<{ zone: string; weekStartsOn: number }> {
  if (filters.program) {
    const p = await ctx.db.selectFrom('programs').select(['timezone', 'week_starts_on']).where('id', '=', filters.program).executeTakeFirst();
    if (!p) throw notFound('program', filters.program, 'filters.program');
    return { zone: p.timezone, weekStartsOn: p.week_starts_on };
  }
  return { zone: (await loadMapping(ctx.db)).timezone, weekStartsOn: 1 };
}

/** The first local day of the period after the one `day` is in. */
export function nextPeriodStart(day: string, every: Every, weekStartsOn: number): string {
  if (every === 'day') return addDays(day, 1);
  if (every === 'week') return addDays(weekStart(day, weekStartsOn), 7);
  return addDays(lastDayOfMonth(day.slice(0, 7)), 1);
}

/** The period that ends just before `start` (its first day after). */
export function periodBefore(start: string, every: Every, weekStartsOn: number): { from: string; to: string } {
  const to = addDays(start, -1);
  if (every === 'day') return { from: to, to };
  if (every === 'week') return { from: weekStart(to, weekStartsOn), to };
  return { from: `${to.slice(0, 7)}-01`, to };
}

export interface ScheduleInput {
  report: ExportKind;
  format: 'csv' | 'xlsx' | 'xero';
  folder: string;
  every: Every;
  filters?: ScheduleFilters | undefined;
}

export async function createSchedule(ctx: Ctx, input: ScheduleInput): Promise<ExportScheduleRow> {
  checkFolder(input.folder);
  if (input.format === 'xero' && input.report !== 'journal') throw invalid('parameter_invalid', 'The xero format is for the journal.', 'format');
  if (input.report === 'journal' && input.format === 'xlsx') throw invalid('parameter_invalid', 'The journal exports as csv (generic) or xero.', 'format');
  const filters = input.filters ?? {};
  const { zone, weekStartsOn } = await zoneOf(ctx, filters);
  const now = ctx.clock.now();
  const today = localParts(now.getTime(), zone).day;
  const next = nextPeriodStart(today, input.every, weekStartsOn);
  const row: ExportScheduleRow = {
    id: ctx.ids.next('exp'),
    report: input.report,
    format: input.format,
    folder: input.folder,
    every: input.every,
    filters: toJson(filters),
    status: 'active',
    next_run_at: new Date(startOfLocalDay(next, zone)).toISOString(),
    last_run_at: null,
    last_file: null,
    last_error: null,
    runs: 0,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await ctx.db.insertInto('export_schedules').values(row).execute();
  return row;
}

export function scheduleView(row: ExportScheduleRow) {
  return {
    id: row.id,
    object: 'export_schedule' as const,
    report: row.report,
    format: row.format,
    folder: row.folder,
    every: row.every,
    filters: fromJson<ScheduleFilters>(row.filters),
    status: row.status,
    next_run_at: row.next_run_at,
    last_run_at: row.last_run_at,
    last_file: row.last_file,
    last_error: row.last_error,
    runs: row.runs,
    created: Math.floor(Date.parse(row.created_at) / 1000),
  };
}

async function produce(ctx: Ctx, row: ExportScheduleRow, period: { from: string; to: string }): Promise<ExportFile[]> {
  const { options, ...filters } = fromJson<ScheduleFilters>(row.filters);
  const kind = row.report as ExportKind;
  if (kind === 'journal') {
    const out = await journalExport(ctx, { ...period, format: row.format === 'xero' ? 'xero' : 'generic', account: options?.account as string | undefined, currency: options?.currency as string | undefined });
    return out.files;
  }
  const format = row.format === 'xlsx' ? 'xlsx' : 'csv';
  if (kind === 'transactions' || kind === 'expenses') return [await transactionsExport(ctx, { ...filters, ...period }, format, kind)];
  return [await reportExport(ctx, kind as ReportExport, { ...(options ?? {}), ...filters, ...period }, format)];
}

function writeAtomically(folder: string, file: ExportFile): string {
  const tmp = mkdtempSync(join(folder, '.kartu-export-'));
  try {
    const staged = join(tmp, file.filename);
    writeFileSync(staged, contentBytes(file));
    const target = join(folder, file.filename);
    renameSync(staged, target);
    return target;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface ScheduledRun {
  object: 'export_run';
  schedules: number;
  files: string[];
  errors: Array<{ schedule: string; message: string }>;
  more: boolean;
}

export async function runDueSchedules(ctx: Ctx): Promise<ScheduledRun> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const due = await ctx.db.selectFrom('export_schedules').selectAll().where('status', '=', 'active').where('next_run_at', '<=', nowIso).orderBy('next_run_at').limit(100).execute();
  const result: ScheduledRun = { object: 'export_run', schedules: due.length, files: [], errors: [], more: false };
  for (const row of due) {
    const filters = fromJson<ScheduleFilters>(row.filters);
    let next = row.next_run_at;
    let runs = row.runs;
    let lastFile = row.last_file;
    let lastError: string | null = null;
    let lastRun = row.last_run_at;
    try {
      const { zone, weekStartsOn } = await zoneOf(ctx, filters);
      for (let n = 0; next <= nowIso; n++) {
        if (n >= MAX_CATCH_UP) {
          result.more = true;
          break;
        }
        const start = localParts(Date.parse(next), zone).day;
        const period = periodBefore(start, row.every as Every, weekStartsOn);
        checkFolder(row.folder);
        for (const file of await produce(ctx, row, period)) {
          lastFile = writeAtomically(row.folder, file);
          result.files.push(lastFile);
        }
        runs++;
        lastRun = nowIso;
        next = new Date(startOfLocalDay(nextPeriodStart(start, row.every as Every, weekStartsOn), zone)).toISOString();
      }
    } catch (error) {
      // The schedule stays due: the next run tries the same period again.
      lastError = error instanceof Error ? error.message : String(error);
      result.errors.push({ schedule: row.id, message: lastError });
    }
    await ctx.db
      .updateTable('export_schedules')
      .set({ next_run_at: next, runs, last_file: lastFile, last_error: lastError, last_run_at: lastRun, updated_at: nowIso })
      .where('id', '=', row.id)
      .execute();
  }
  return result;
}
