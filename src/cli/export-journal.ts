import { openKartu } from '../core/kartu.js';
import { exportJournalCsv } from '../core/exports/journal-cli.js';
import type { CliCommand, OptionValues } from './cli-commands.js';
import { UsageError } from './cli-io.js';

function day(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UsageError(`--${name} must be a date YYYY-MM-DD.`);
  }
  return value;
}

/** `kartu export journal`: the ledger as journal lines (generic CSV) on standard output. */
export const exportJournal: CliCommand = {
  name: 'export journal',
  summary: 'write the ledger of a period as journal lines (generic CSV, minor units) to standard output',
  usage: 'kartu export journal --data-dir DIR --from YYYY-MM-DD --to YYYY-MM-DD [--mode test|live]',
  options: { 'data-dir': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, mode: { type: 'string' } },
  async run(values, _positionals, io) {
    const from = day(values, 'from');
    const to = day(values, 'to');
    if (from > to) throw new UsageError('--from must not be after --to.');
    const asked = values.mode;
    if (asked !== undefined && asked !== 'test' && asked !== 'live') throw new UsageError("--mode must be 'test' or 'live'.");
    const kartu = await openKartu({ dataDir: values['data-dir'] as string });
    try {
      // Without --mode: the live books, unless this installation has never moved live money (a demo).
      let mode: 'test' | 'live' = asked ?? 'live';
      if (asked === undefined) {
        const live = await kartu.live.services.db.selectFrom('ledger_transfers').select('id').limit(1).executeTakeFirst();
        if (!live) mode = 'test';
        io.err(`Exporting the ${mode === 'live' ? 'live' : 'sandbox (test-mode)'} ledger; choose with --mode test|live.`);
      }
      const csv = await exportJournalCsv(kartu.engine(mode), { from, to });
      io.out(csv.replace(/\n$/, ''));
    } finally {
      await kartu.close();
    }
    return 0;
  },
};
