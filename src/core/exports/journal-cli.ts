import type { Engine } from '../engine.js';
import { localDateSchema } from '../reports/scope.js';
import { invalid } from '../kernel/errors.js';
import { GENERIC_COLUMNS, journalPages, journalRow, type JournalRange } from './journal.js';
import { csvLines } from './csv.js';

/**
 * For the command line (`kartu export journal --data-dir DIR --from YYYY-MM-DD --to YYYY-MM-DD`):
 * the generic journal CSV of the period, header row first, written page by page so that a long
 * period does not have to fit in memory. The same columns and lines as `journal-export` (generic).
 */
export async function writeJournalCsv(engine: Engine, range: JournalRange, write: (chunk: string) => void | Promise<void>): Promise<{ lines: number }> {
  for (const [param, value] of [['from', range.from], ['to', range.to]] as const) {
    if (!localDateSchema.safeParse(value).success) throw invalid('parameter_invalid', `--${param} must be a date YYYY-MM-DD.`, param);
  }
  let lines = 0;
  let first = true;
  for await (const page of journalPages(engine.services.db, range)) {
    const csv = csvLines(first ? GENERIC_COLUMNS : null, page.map(journalRow));
    await write(first ? csv : `\r\n${csv}`);
    first = false;
    lines += page.length;
  }
  if (first) await write(csvLines(GENERIC_COLUMNS, []));
  await write('\r\n');
  return { lines };
}

export async function exportJournalCsv(engine: Engine, range: JournalRange): Promise<string> {
  const chunks: string[] = [];
  await writeJournalCsv(engine, range, (c) => {
    chunks.push(c);
  });
  return chunks.join('');
}
