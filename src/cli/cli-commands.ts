import { ALL_SCOPES, type Actor } from '../core/bus/actor.js';
import type { Mode } from '../core/bus/context.js';
import { openKartu, type Kartu } from '../core/kartu.js';
import { KartuError } from '../core/kernel/errors.js';
import { verifyAuditChain } from '../core/audit/audit-log.js';
import type { ApiKeyView, CreatedApiKey } from '../core/api-keys/api-key.js';
import type { StaffView } from '../core/staff/staff.js';
import { UsageError, type CliIo } from './cli-io.js';
import { simulateTerminal } from './simulate-terminal.js';
import { exportJournal } from './export-journal.js';
import { settlementFetchCli, settlementImportCli } from './settlement-import.js';
import { networkResolve, networkStatus, settlementItems, settlementResolve } from './network-review.js';
import { backupCreateCli, backupRestoreCli } from './backup.js';

/** The person at the terminal can read the data folder, so they act as the installation itself. */
export const CLI_ACTOR: Actor = { type: 'system', id: 'cli' };

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CliCommand {
  /** e.g. 'keys create' */
  name: string;
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  /** How many positional arguments it takes (after the command words). */
  positionals?: number;
  run(values: OptionValues, positionals: string[], io: CliIo): Promise<number>;
}

const MODE_NAMES: Record<Mode, string> = { test: 'test-mode (sandbox)', live: 'live' };

function str(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function required(values: OptionValues, name: string): string {
  const value = str(values, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}

function modeOf(values: OptionValues, { optional }: { optional: boolean }): Mode | undefined {
  const mode = str(values, 'mode');
  if (mode === undefined) {
    if (optional) return undefined;
    throw new UsageError("--mode is required: 'test' (sandbox data) or 'live'.");
  }
  if (mode !== 'test' && mode !== 'live') throw new UsageError(`--mode must be 'test' or 'live', not '${mode}'.`);
  return mode;
}

async function withKartu<T>(dataDir: string, fn: (kartu: Kartu) => Promise<T>): Promise<T> {
  const kartu = await openKartu({ dataDir });
  try {
    return await fn(kartu);
  } finally {
    await kartu.close();
  }
}

function when(unix: number | null): string {
  return unix === null ? '-' : new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

async function allPages<T>(fetchPage: (startingAfter: string | undefined) => Promise<{ data: T[]; has_more: boolean }>, idOf: (item: T) => string): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after);
    items.push(...page.data);
    if (!page.has_more || page.data.length === 0) return items;
    after = idOf(page.data[page.data.length - 1] as T);
  }
}

const dataDirOption = { 'data-dir': { type: 'string' as const } };

export const keysCreate: CliCommand = {
  name: 'keys create',
  summary: 'create an API key; prints the secret (shown once) as the last line',
  usage: 'kartu keys create --data-dir DIR --mode test|live [--scopes a,b,...] [--name NAME]',
  options: { ...dataDirOption, mode: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' } },
  async run(values, _positionals, io) {
    const mode = modeOf(values, { optional: false }) as Mode;
    const scopesText = str(values, 'scopes');
    const scopes = scopesText === undefined ? undefined : scopesText.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (scopes !== undefined && scopes.length === 0) throw new UsageError('--scopes lists at least one scope, e.g. --scopes cards:read,cards:write.');
    const unknown = scopes?.find((scope) => !(ALL_SCOPES as readonly string[]).includes(scope));
    if (unknown !== undefined) throw new UsageError(`Unknown scope '${unknown}'. Scopes: ${ALL_SCOPES.join(', ')}.`);
    const name = str(values, 'name');
    const key = await withKartu(values['data-dir'] as string, (kartu) =>
      kartu.engine(mode).bus.execute('key-create', { ...(name !== undefined ? { name } : {}), ...(scopes ? { scopes } : {}) }, CLI_ACTOR),
    ) as CreatedApiKey;
    io.out(`Created a ${MODE_NAMES[mode]} ${key.type} key ${key.id} ("${key.name}"), scopes: ${key.scopes === 'all' ? 'all' : key.scopes.join(', ')}.`);
    io.out('The secret is shown only this once: store it now.');
    io.out(key.secret);
    return 0;
  },
};

export const keysList: CliCommand = {
  name: 'keys list',
  summary: 'list API keys (never their secrets)',
  usage: 'kartu keys list --data-dir DIR [--mode test|live] [--json]',
  options: { ...dataDirOption, mode: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const mode = modeOf(values, { optional: true });
    const modes: Mode[] = mode ? [mode] : ['test', 'live'];
    const keys = await withKartu(values['data-dir'] as string, async (kartu) => {
      const out: ApiKeyView[] = [];
      for (const m of modes) {
        const bus = kartu.engine(m).bus;
        out.push(...(await allPages((after) => bus.execute('key-list', { limit: 100, ...(after ? { starting_after: after } : {}) }, CLI_ACTOR) as Promise<{ data: ApiKeyView[]; has_more: boolean }>, (k) => k.id)));
      }
      return out;
    });
    if (values.json) {
      io.out(JSON.stringify(keys, null, 2));
      return 0;
    }
    if (keys.length === 0) {
      io.out('No API keys yet. Create one with: kartu keys create --data-dir DIR --mode test');
      return 0;
    }
    const rows = [['ID', 'MODE', 'TYPE', 'NAME', 'KEY', 'STATUS', 'LAST USED'], ...keys.map((k) => [k.id, k.mode, k.type, k.name, k.redacted, k.status, when(k.last_used_at)])];
    for (const line of table(rows)) io.out(line);
    return 0;
  },
};

export const keysRevoke: CliCommand = {
  name: 'keys revoke',
  summary: 'revoke an API key at once',
  usage: 'kartu keys revoke --data-dir DIR KEY_ID [--mode test|live]',
  options: { ...dataDirOption, mode: { type: 'string' } },
  positionals: 1,
  async run(values, positionals, io) {
    const id = positionals[0] as string;
    const mode = modeOf(values, { optional: true });
    const key = await withKartu(values['data-dir'] as string, async (kartu) => {
      let missing: unknown;
      for (const m of mode ? [mode] : (['test', 'live'] as Mode[])) {
        try {
          return (await kartu.engine(m).bus.execute('key-revoke', { id }, CLI_ACTOR)) as ApiKeyView;
        } catch (error) {
          if (!(error instanceof KartuError && error.type === 'not_found')) throw error;
          missing = error;
        }
      }
      throw missing;
    });
    io.out(`Revoked ${key.id} (${key.redacted}, ${key.mode}): it no longer authenticates.`);
    return 0;
  },
};

export const staffCreate: CliCommand = {
  name: 'staff create',
  summary: 'add a staff member who signs in with a PIN',
  usage: 'kartu staff create --data-dir DIR --name NAME --role owner|manager|cashier (--pin PIN | --pin-stdin)',
  options: { ...dataDirOption, name: { type: 'string' }, role: { type: 'string' }, pin: { type: 'string' }, 'pin-stdin': { type: 'boolean' } },
  async run(values, _positionals, io) {
    const name = required(values, 'name');
    const role = required(values, 'role');
    let pin = str(values, 'pin');
    if (values['pin-stdin']) {
      if (pin !== undefined) throw new UsageError('Give the PIN either with --pin or with --pin-stdin, not both.');
      pin = (await io.readStdin()).trim();
    }
    if (pin === undefined) throw new UsageError('--pin PIN or --pin-stdin is required (--pin-stdin keeps it out of the shell history).');
    const staff = (await withKartu(values['data-dir'] as string, (kartu) => kartu.live.bus.execute('staff-create', { name, role, pin }, CLI_ACTOR))) as StaffView;
    io.out(`Created staff member ${staff.id} "${staff.name}" (${staff.role}). They sign in with their PIN.`);
    return 0;
  },
};

export const staffList: CliCommand = {
  name: 'staff list',
  summary: 'list staff members',
  usage: 'kartu staff list --data-dir DIR [--json]',
  options: { ...dataDirOption, json: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const staff = await withKartu(values['data-dir'] as string, (kartu) =>
      allPages((after) => kartu.live.bus.execute('staff-list', { limit: 100, ...(after ? { starting_after: after } : {}) }, CLI_ACTOR) as Promise<{ data: StaffView[]; has_more: boolean }>, (s) => s.id),
    );
    if (values.json) {
      io.out(JSON.stringify(staff, null, 2));
      return 0;
    }
    if (staff.length === 0) {
      io.out('No staff members yet.');
      return 0;
    }
    for (const line of table([['ID', 'NAME', 'ROLE', 'STATUS', 'PIN'], ...staff.map((s) => [s.id, s.name, s.role, s.status, s.has_pin ? 'set' : 'not set'])])) io.out(line);
    return 0;
  },
};

export const auditVerify: CliCommand = {
  name: 'audit verify',
  summary: 'check that the audit log is unbroken (exit 1 if not)',
  usage: 'kartu audit verify --data-dir DIR [--mode test|live]',
  options: { ...dataDirOption, mode: { type: 'string' } },
  async run(values, _positionals, io) {
    const mode = modeOf(values, { optional: true });
    const results = await withKartu(values['data-dir'] as string, async (kartu) => {
      const out: Array<{ mode: Mode; ok: boolean; entries: number; problem: string | null }> = [];
      for (const m of mode ? [mode] : (['test', 'live'] as Mode[])) out.push({ mode: m, ...(await verifyAuditChain(kartu.engine(m).services.db)) });
      return out;
    });
    for (const r of results) {
      const where = r.mode === 'test' ? 'sandbox.db' : 'live.db';
      if (r.ok) io.out(`${where}: audit log intact, ${r.entries} ${r.entries === 1 ? 'entry' : 'entries'}.`);
      else io.out(`${where}: AUDIT LOG BROKEN: ${r.problem}. Restore the database from a backup and investigate.`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};

export const CLI_COMMANDS: readonly CliCommand[] = [keysCreate, keysList, keysRevoke, staffCreate, staffList, auditVerify, simulateTerminal, exportJournal, settlementImportCli, settlementFetchCli, settlementItems, settlementResolve, networkStatus, networkResolve, backupCreateCli, backupRestoreCli];
