import type { Mode } from '../core/bus/context.js';
import { openKartu } from '../core/kartu.js';
// CLI_ACTOR is read when a command runs, after cli-commands.ts has loaded (the import is circular).
import { CLI_ACTOR, type CliCommand, type OptionValues } from './cli-commands.js';
import { UsageError, type CliIo } from './cli-io.js';

/**
 * What a person reviews after the network has spoken: the clearing file's items that could not be
 * posted with certainty, and the stand-in decisions the network disagreed with. Listed and
 * resolved through the same commands as the API (`settlement-item-*`, `network-discrepancy-*`).
 */

/** One page on the terminal; the rest through the API's lists. */
const SHOWN = 50;

function modeOf(values: OptionValues): Mode {
  const mode = values.mode;
  // No default: resolving in the wrong books is a mistake to refuse, as for the import.
  if (mode !== 'test' && mode !== 'live') throw new UsageError('--mode test|live is required: which books to look at.');
  return mode;
}

function note(values: OptionValues): { note: string } | Record<string, never> {
  return typeof values.note === 'string' ? { note: values.note } : {};
}

function required(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}

async function withBus<T>(values: OptionValues, fn: (bus: Awaited<ReturnType<typeof openKartu>>['sandbox']['bus']) => Promise<T>): Promise<T> {
  const mode = modeOf(values);
  const kartu = await openKartu({ dataDir: values['data-dir'] as string });
  try {
    return await fn(kartu.engine(mode).bus);
  } finally {
    await kartu.close();
  }
}

function more(io: CliIo, hasMore: boolean, where: string): void {
  if (hasMore) io.out(`  … more: ${where}`);
}

export const settlementItems: CliCommand = {
  name: 'settlement items',
  summary: "list a clearing file's items a person must resolve (--all: every item)",
  usage: 'kartu settlement items --data-dir DIR --mode test|live [--import SIMP_ID] [--all] [--json]',
  options: { 'data-dir': { type: 'string' }, mode: { type: 'string' }, import: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const page = await withBus(values, (bus) =>
      bus.send('settlement-item-list', { limit: SHOWN, ...(values.all ? {} : { status: 'open' as const }), ...(typeof values.import === 'string' ? { import: values.import } : {}) }, CLI_ACTOR),
    );
    if (values.json) {
      io.out(JSON.stringify(page.data, null, 2));
      return 0;
    }
    if (page.data.length === 0) {
      io.out(values.all ? 'No settlement items.' : 'Nothing to resolve: every imported record was posted or resolved.');
      return 0;
    }
    for (const item of page.data) {
      const what = item.problem ?? item.outcome;
      io.out(`${item.id}  ${item.status.padEnd(8)} ${item.record_id} (line ${item.line}): ${what}${item.authorization ? ` on ${item.authorization}` : ''}, ${item.type} ${item.amount} ${item.currency}, card …${item.card_last4}`);
      if (item.detail) io.out(`    ${item.detail}`);
    }
    more(io, page.has_more, 'GET /v1/settlement/items');
    if (!values.all) io.out('Resolve one with: kartu settlement resolve ITEM_ID --mode MODE --resolution capture|dismiss|written_off [--note TEXT]');
    return 0;
  },
};

export const settlementResolve: CliCommand = {
  name: 'settlement resolve',
  summary: 'close an open settlement item: capture what is held, dismiss, or write off',
  usage: 'kartu settlement resolve ITEM_ID --data-dir DIR --mode test|live --resolution capture|dismiss|written_off [--note TEXT]',
  options: { 'data-dir': { type: 'string' }, mode: { type: 'string' }, resolution: { type: 'string' }, note: { type: 'string' } },
  positionals: 1,
  async run(values, positionals, io) {
    const resolution = required(values, 'resolution');
    const item = await withBus(values, (bus) => bus.send('settlement-item-resolve', { id: positionals[0] as string, resolution, ...note(values) } as never, CLI_ACTOR));
    io.out(`Resolved ${item.id} (${item.record_id}) as ${item.resolution}${item.transaction ? `: posted ${item.transaction}` : ''}.`);
    return 0;
  },
};

export const networkStatus: CliCommand = {
  name: 'network status',
  summary: 'what waits for the card network, and the differences it reported for a person to resolve',
  usage: 'kartu network status --data-dir DIR --mode test|live',
  options: { 'data-dir': { type: 'string' }, mode: { type: 'string' } },
  async run(values, _positionals, io) {
    const report = await withBus(values, async (bus) => ({
      outbox: await bus.send('outbox-summary', {}, CLI_ACTOR),
      retrying: await bus.send('network-advice-list', { status: 'retrying', limit: 100 }, CLI_ACTOR),
      pending: await bus.send('network-advice-list', { status: 'pending', limit: 100 }, CLI_ACTOR),
      failed: await bus.send('network-advice-list', { status: 'failed', limit: SHOWN }, CLI_ACTOR),
      differences: await bus.send('network-discrepancy-list', { status: 'open', limit: SHOWN }, CLI_ACTOR),
      items: await bus.send('settlement-item-list', { status: 'open', limit: 1 }, CLI_ACTOR),
    }));
    const o = report.outbox;
    io.out(`Card changes for the network: ${o.pending} pending, ${o.retrying} retrying, ${o.failed} failed, ${o.delivered} delivered.`);
    const count = (page: { data: unknown[]; has_more: boolean }) => `${page.data.length}${page.has_more ? '+' : ''}`;
    io.out(`Decisions to report to the network (advices): ${count(report.pending)} pending, ${count(report.retrying)} retrying, ${count(report.failed)} failed.`);
    for (const a of report.failed.data) io.out(`  failed ${a.id} (${a.kind} ${a.authorization}): ${a.last_error ?? 'no reason'} — retry: POST /v1/network/advices/${a.id}/retry`);
    io.out(`Differences the network reported: ${count(report.differences)} open.`);
    for (const d of report.differences.data) {
      io.out(`  ${d.id}  ${d.kind} on ${d.authorization} (${d.amount} ${d.currency}): Kartu ${d.local.response_code}, network ${d.network.response_code}. ${d.detail}`);
    }
    more(io, report.differences.has_more, 'GET /v1/network/discrepancies?status=open');
    if (report.differences.data.length > 0) io.out('Resolve one with: kartu network resolve DISCREPANCY_ID --mode MODE --resolution keep|reverse_authorization|written_off [--note TEXT]');
    io.out(`Settlement items to resolve: ${report.items.data.length > 0 ? 'yes (kartu settlement items)' : 'none'}.`);
    return 0;
  },
};

export const networkResolve: CliCommand = {
  name: 'network resolve',
  summary: "close a difference the network reported on a stand-in decision: keep, reverse, or write off",
  usage: 'kartu network resolve DISCREPANCY_ID --data-dir DIR --mode test|live --resolution keep|reverse_authorization|written_off [--note TEXT]',
  options: { 'data-dir': { type: 'string' }, mode: { type: 'string' }, resolution: { type: 'string' }, note: { type: 'string' } },
  positionals: 1,
  async run(values, positionals, io) {
    const resolution = required(values, 'resolution');
    const resolved = await withBus(values, (bus) => bus.send('network-discrepancy-resolve', { id: positionals[0] as string, resolution, ...note(values) } as never, CLI_ACTOR));
    io.out(`Resolved ${resolved.id} (${resolved.authorization}) as ${resolved.resolution}.`);
    return 0;
  },
};
