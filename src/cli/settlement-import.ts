import { readFile } from 'node:fs/promises';
import { openKartu } from '../core/kartu.js';
import { KartuError } from '../core/kernel/errors.js';
// CLI_ACTOR is read when a command runs, after cli-commands.ts has loaded (the import is circular).
import { CLI_ACTOR, type CliCommand } from './cli-commands.js';
import { UsageError, type CliIo } from './cli-io.js';
import type { Engine } from '../core/engine.js';
import type { OutputOf } from '../core/bus/define.js';
import type { Handlers } from '../core/handlers.js';

/** Exceptions listed on the terminal; the rest with `kartu settlement items` (or the API's list). */
const SHOWN = 20;

/**
 * `kartu settlement import FILE`: the network's clearing file (CSV or sandbox JSON, see
 * docs/settlement-file.md) through the same `settlement-import` command as the app. All or
 * nothing: a bad file is refused with every bad row named by line, and nothing is written.
 */
export const settlementImportCli: CliCommand = {
  name: 'settlement import',
  summary: 'import a clearing (settlement) file: match records to authorizations, post captures, list the exceptions',
  usage: 'kartu settlement import FILE --data-dir DIR --mode test|live [--format csv|sandbox] [--file-id ID]',
  options: { 'data-dir': { type: 'string' }, mode: { type: 'string' }, format: { type: 'string' }, 'file-id': { type: 'string' } },
  positionals: 1,
  async run(values, positionals, io) {
    // No default mode: posting a real network's file into the sandbox (or the reverse) is a mistake to refuse.
    const mode = values.mode;
    if (mode !== 'test' && mode !== 'live') throw new UsageError("--mode test|live is required: which books the file belongs to.");
    const asked = values.format;
    if (asked !== undefined && asked !== 'csv' && asked !== 'sandbox') throw new UsageError("--format must be 'csv' or 'sandbox'.");
    const format: 'csv' | 'sandbox' | undefined = asked;
    const path = positionals[0] as string;
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch (error) {
      io.err(`kartu settlement import: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return 1;
    }
    const kartu = await openKartu({ dataDir: values['data-dir'] as string });
    try {
      const bus = kartu.engine(mode).bus;
      const input = { content, ...(format ? { format } : {}), ...(typeof values['file-id'] === 'string' ? { file_id: values['file-id'] } : {}) };
      let result;
      try {
        result = await bus.send('settlement-import', input, CLI_ACTOR);
      } catch (error) {
        const problems = error instanceof KartuError ? (error.details as { problems?: Array<{ line: number; column?: string; message: string }> } | undefined)?.problems : undefined;
        if (!problems) throw error;
        io.err(`kartu settlement import: ${path} was not imported; nothing was written. ${problems.length} problem(s):`);
        for (const p of problems) io.err(`  line ${p.line}${p.column ? ` (${p.column})` : ''}: ${p.message}`);
        return 2;
      }
      await printImport(io, bus, mode, result);
      return 0;
    } finally {
      await kartu.close();
    }
  },
};

type ImportResult = OutputOf<Handlers['settlement-import']>;

/** What an import did, and the exceptions waiting for a person (the first SHOWN of them). */
async function printImport(io: CliIo, bus: Engine['bus'], mode: 'test' | 'live', result: ImportResult): Promise<void> {
  if (result.duplicate) {
    io.out(`Already imported as ${result.id} on ${result.created_at} (file ${result.file_id}): nothing changed.`);
    return;
  }
  const skipped = result.skipped ? `, ${result.skipped} skipped (imported before in another file)` : '';
  io.out(`Imported ${result.id} (file ${result.file_id}): ${result.records} records, ${result.matched} matched, ${result.captured} posted, ${result.exceptions} for a person to resolve${skipped}.`);
  if (result.exceptions > 0) {
    const open = await bus.send('settlement-item-list', { import: result.id, status: 'open', limit: SHOWN }, CLI_ACTOR);
    for (const item of open.data) io.out(`  ${item.record_id} (line ${item.line}): ${item.problem}${item.authorization ? ` on ${item.authorization}` : ''}, ${item.amount} ${item.currency}`);
    if (result.exceptions > open.data.length) io.out(`  … and ${result.exceptions - open.data.length} more: kartu settlement items --mode ${mode} --import ${result.id}`);
    io.out(`Resolve them with: kartu settlement resolve ITEM_ID --mode ${mode} --resolution capture|dismiss|written_off`);
  }
}

/**
 * `kartu settlement fetch --date D`: the day's clearing records received from the card network
 * itself (the adapter), imported as `settlement import` would import the file.
 */
export const settlementFetchCli: CliCommand = {
  name: 'settlement fetch',
  summary: "receive a day's clearing records from the card network and import them",
  usage: 'kartu settlement fetch --data-dir DIR --mode test|live --date YYYY-MM-DD',
  options: { 'data-dir': { type: 'string' }, mode: { type: 'string' }, date: { type: 'string' } },
  positionals: 0,
  async run(values, _positionals, io) {
    const mode = values.mode;
    if (mode !== 'test' && mode !== 'live') throw new UsageError('--mode test|live is required: which books the records belong to.');
    if (typeof values.date !== 'string') throw new UsageError('--date YYYY-MM-DD is required: which day to clear.');
    const kartu = await openKartu({ dataDir: values['data-dir'] as string });
    try {
      const bus = kartu.engine(mode).bus;
      await printImport(io, bus, mode, await bus.send('settlement-fetch', { date: values.date }, CLI_ACTOR));
      return 0;
    } finally {
      await kartu.close();
    }
  },
};
