import type { Ctx } from '../../bus/context.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { appendAudit } from '../../audit/audit-log.js';
import { BLOCKLIST_KINDS, kindFromText, normalizeEntry, type BlocklistKind } from './blocklist-kinds.js';
import { maskForReport, parseCsv, parseJson, type ParsedFile } from './blocklist-parse.js';
import type { BlocklistImportInput } from './blocklist-schema.js';

export interface BadRow {
  line: number;
  error: string;
  value: string;
}

export interface ImportReport {
  object: 'blocklist_import';
  preview: boolean;
  written: boolean;
  list: { id: string | null; name: string; source: string; source_date: string; policy: 'decline' | 'flag' };
  counts: { rows: number; valid: number; bad: number; duplicates: number; already_listed: number; by_kind: Partial<Record<BlocklistKind, number>> };
  numbered_by: 'line' | 'item';
  bad_rows: BadRow[];
  /** Issued cards whose numbers are on the list: they will match from now on. */
  matches: { cards: number };
}

const REPORTED_BAD_ROWS = 100;
const IN_CHUNK = 500;

interface ValidEntry {
  kind: BlocklistKind;
  value: string;
  label: string;
  note: string | null;
}

/**
 * All or nothing: every row is validated first; with `preview` (or any bad row) nothing is written,
 * and the report says what would be imported and which lines are wrong. Card numbers become keyed
 * fingerprints during validation, so a number never reaches the database, the audit log or an event.
 */
export async function importBlocklist(ctx: Ctx, input: BlocklistImportInput): Promise<ImportReport> {
  const existing = input.list ? await ctx.db.selectFrom('blocklists').selectAll().where('id', '=', input.list).executeTakeFirst() : undefined;
  if (input.list && !existing) throw notFound('block list', input.list, 'list');
  const list = {
    id: existing?.id ?? null,
    name: existing?.name ?? required(input.name, 'name'),
    source: input.source ?? existing?.source ?? required(input.source, 'source'),
    source_date: input.source_date ?? existing?.source_date ?? required(input.source_date, 'source_date'),
    policy: (existing?.policy as 'decline' | 'flag' | undefined) ?? input.policy ?? 'flag',
  };

  const parsed = input.format === 'json' ? parseJson(input.content) : parseCsv(input.content);
  if ('error' in parsed) throw invalid('blocklist_unreadable', parsed.error, 'content');
  const { valid, bad, duplicates } = validateRows(ctx, parsed, input.kind ?? null);
  const alreadyListed = existing ? await countListed(ctx, existing.id, valid) : new Set<string>();
  const fresh = valid.filter((e) => !alreadyListed.has(`${e.kind}\u0000${e.value}`));
  const byKind: Partial<Record<BlocklistKind, number>> = {};
  for (const entry of fresh) byKind[entry.kind] = (byKind[entry.kind] ?? 0) + 1;
  const report: ImportReport = {
    object: 'blocklist_import',
    preview: input.preview,
    written: false,
    list,
    counts: { rows: valid.length + bad.length + duplicates, valid: valid.length, bad: bad.length, duplicates, already_listed: alreadyListed.size, by_kind: byKind },
    numbered_by: parsed.numberedBy,
    bad_rows: bad.slice(0, REPORTED_BAD_ROWS),
    matches: { cards: await countIssuedCards(ctx, fresh) },
  };
  if (input.preview) return report;
  if (bad.length > 0) {
    const first = bad[0] as BadRow;
    throw invalid(
      'blocklist_rows_invalid',
      `${bad.length} of ${report.counts.rows} rows are not valid, so nothing was imported. First: ${parsed.numberedBy} ${first.line}: ${first.error}.`,
      'content',
      { bad_rows: report.bad_rows, counts: report.counts },
    );
  }
  if (valid.length === 0) throw invalid('blocklist_empty', 'The file has no entries.', 'content');

  const now = ctx.clock.now().toISOString();
  let listId = existing?.id;
  if (!listId) {
    listId = ctx.ids.next('bl');
    await ctx.db.insertInto('blocklists').values({ ...list, id: listId, status: 'active', created_by: ctx.actor.id, created_at: now, updated_at: now }).execute();
  } else {
    await ctx.db.updateTable('blocklists').set({ updated_at: now, source: list.source, source_date: list.source_date }).where('id', '=', listId).execute();
  }
  for (let i = 0; i < fresh.length; i += IN_CHUNK) {
    const chunk = fresh.slice(i, i + IN_CHUNK).map((e) => ({ id: ctx.ids.next('ble'), list_id: listId, ...e, created_at: now, removed_at: null, removed_by: null }));
    await ctx.db.insertInto('blocklist_entries').values(chunk).execute();
  }
  const done: ImportReport = { ...report, written: true, list: { ...list, id: listId } };
  // Audited here rather than by the bus, which would store the input: the file holds card numbers.
  await appendAudit(ctx.db, ctx.ids, ctx.clock, ctx.actor, {
    action: 'blocklist-import',
    objectId: listId,
    outcome: 'ok',
    detail: { list: done.list, counts: done.counts, format: input.format },
  });
  await ctx.emit('blocklist.imported', listId, { id: listId, name: list.name, policy: list.policy, counts: done.counts });
  return done;
}

function required(value: string | undefined, param: string): string {
  if (!value) throw invalid('parameter_missing', `${param} is required for a new block list.`, param);
  return value;
}

function validateRows(ctx: Ctx, parsed: ParsedFile, defaultKind: BlocklistKind | null): { valid: ValidEntry[]; bad: BadRow[]; duplicates: number } {
  const valid: ValidEntry[] = [];
  const bad: BadRow[] = parsed.broken.map((b) => ({ line: b.line, error: b.error, value: '' }));
  const seen = new Set<string>();
  let duplicates = 0;
  for (const row of parsed.rows) {
    const kind = row.kind ? kindFromText(row.kind) : defaultKind;
    if (!kind) {
      bad.push({
        line: row.line,
        value: maskForReport(row.value),
        error: row.kind ? `unknown kind "${maskForReport(row.kind)}" (one of ${BLOCKLIST_KINDS.join(', ')})` : 'no kind: add a kind column, or name the kind for the whole import',
      });
      continue;
    }
    const normalized = normalizeEntry(kind, row.value, ctx.vault);
    if (!normalized.ok) {
      bad.push({ line: row.line, value: maskForReport(row.value), error: normalized.error });
      continue;
    }
    const key = `${kind}\u0000${normalized.value}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    valid.push({ kind, value: normalized.value, label: normalized.label, note: row.note ? row.note.slice(0, 200) : null });
  }
  bad.sort((a, b) => a.line - b.line);
  return { valid, bad, duplicates };
}

async function countListed(ctx: Ctx, listId: string, entries: ValidEntry[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < entries.length; i += IN_CHUNK) {
    const values = entries.slice(i, i + IN_CHUNK).map((e) => e.value);
    const rows = await ctx.db.selectFrom('blocklist_entries').select(['kind', 'value']).where('list_id', '=', listId).where('removed_at', 'is', null).where('value', 'in', values).execute();
    for (const row of rows) found.add(`${row.kind}\u0000${row.value}`);
  }
  return found;
}

async function countIssuedCards(ctx: Ctx, entries: ValidEntry[]): Promise<number> {
  const fingerprints = entries.filter((e) => e.kind === 'card').map((e) => e.value);
  let count = 0;
  for (let i = 0; i < fingerprints.length; i += IN_CHUNK) {
    const row = await ctx.db
      .selectFrom('cards')
      .select((eb) => eb.fn.count<number>('id').as('n'))
      .where('fingerprint', 'in', fingerprints.slice(i, i + IN_CHUNK))
      .executeTakeFirst();
    count += Number(row?.n ?? 0);
  }
  return count;
}
