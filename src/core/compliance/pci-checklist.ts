import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Ctx } from '../bus/context.js';
import { verifyAuditChain } from '../audit/audit-log.js';
import { cardFromRow } from '../cards/card.js';
import { getCardWithNames } from '../cards/card-queries.js';
import { KEY_FILE_NAME } from '../security/key-file.js';
import { ROLES } from '../bus/actor.js';
import { findPanLike, maskPan } from './pan-scan.js';
import { databaseFile } from './database-file.js';
import { getRetentionPolicy } from './retention-policy.js';

export type CheckStatus = 'pass' | 'fail' | 'n/a';

export interface ChecklistItem {
  id: string;
  requirement: string;
  status: CheckStatus;
  evidence: string;
}

export interface PciChecklist {
  object: 'pci_checklist';
  generated: number;
  mode: 'test' | 'live';
  summary: Record<'pass' | 'fail' | 'n/a', number>;
  items: ChecklistItem[];
}

const CARD_SAMPLE = 500;
const TABLE_SAMPLE = 1_000;
const CIPHERTEXT = /^v1\.[A-Za-z0-9+/]+=*\.[A-Za-z0-9+/]+=*\.[A-Za-z0-9+/]+=*$/;
/** Names of columns that would hold sensitive authentication data (staff PIN hashes are not card data). */
const SAD_COLUMN = /(^|_)(cvc|cvv|cvv2|cvc2|cid|security_code|track|track1|track2|pin_block|pin)$/i;
/** A full API secret (kartu_test_..., rk_live_...): only its hash, prefix and last 4 may be kept. */
const PLAINTEXT_KEY = /(?<![A-Za-z0-9])(kartu|rk)_(test|live)_[0-9A-Za-z]{16,}/;

type Check = (ctx: Ctx) => Promise<ChecklistItem>;

/** Calls `visit` for every text value of the most recent rows of every table (a bounded sample each). */
async function scanTextColumns(ctx: Ctx, visit: (table: string, column: string, value: string) => void): Promise<{ tables: number; rows: number }> {
  const tables = await ctx.db.introspection.getTables();
  let rows = 0;
  for (const table of tables) {
    const first = table.columns[0]?.name;
    if (!first) continue;
    // Table names come from the database itself; the query builder is typed for known tables only.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sample = (await (ctx.db as any).selectFrom(table.name).selectAll().orderBy(first, 'desc').limit(TABLE_SAMPLE).execute()) as Array<Record<string, unknown>>;
    rows += sample.length;
    for (const row of sample) {
      for (const [column, value] of Object.entries(row)) if (typeof value === 'string' && value.length >= 13) visit(table.name, column, value);
    }
  }
  return { tables: tables.length, rows };
}

/** 3.5.1: numbers at rest are ciphertext that the installation's key opens. */
const panUnreadable: Check = async (ctx) => {
  const base = { id: 'pci-3.5.1', requirement: 'Stored card numbers are unreadable (strong cryptography at rest)' };
  const rows = await ctx.db.selectFrom('cards').select(['id', 'number_encrypted', 'fingerprint', 'first6', 'last4']).orderBy('id', 'desc').limit(CARD_SAMPLE).execute();
  if (rows.length === 0) return { ...base, status: 'n/a', evidence: 'No cards issued yet.' };
  const notCipher = rows.filter((r) => !CIPHERTEXT.test(r.number_encrypted) || findPanLike(r.number_encrypted).length > 0);
  if (notCipher.length > 0) {
    return { ...base, status: 'fail', evidence: `${notCipher.length} of ${rows.length} sampled cards do not hold AES-256-GCM ciphertext (e.g. ${notCipher[0]?.id}).` };
  }
  // One round trip proves the key in use opens the data and the ciphertext belongs to its card.
  const sample = rows[0] as (typeof rows)[number];
  let opened = false;
  try {
    const number = ctx.vault.decrypt(sample.number_encrypted);
    opened = ctx.vault.fingerprint(number) === sample.fingerprint && number.startsWith(sample.first6) && number.endsWith(sample.last4);
  } catch {
    opened = false;
  }
  if (!opened) return { ...base, status: 'fail', evidence: `The installation's key does not open card ${sample.id}, or it does not match its fingerprint.` };
  return { ...base, status: 'pass', evidence: `${rows.length} of ${rows.length} sampled cards hold AES-256-GCM ciphertext (v1); one was opened in memory with the installation's key and matched its keyed fingerprint.` };
};

/** 3.3.1: no column could hold a security code, PIN or track data. */
const noSensitiveAuthData: Check = async (ctx) => {
  const base = { id: 'pci-3.3.1', requirement: 'Security codes, PINs and track data are not stored after authorization' };
  const tables = await ctx.db.introspection.getTables();
  const suspicious = tables.flatMap((t) => t.columns.filter((c) => SAD_COLUMN.test(c.name)).map((c) => `${t.name}.${c.name}`));
  if (suspicious.length > 0) return { ...base, status: 'fail', evidence: `Columns that could hold sensitive authentication data: ${suspicious.join(', ')}.` };
  const columns = tables.reduce((n, t) => n + t.columns.length, 0);
  return { ...base, status: 'pass', evidence: `None of ${columns} columns in ${tables.length} tables is a security code, PIN or track column; security codes are derived from the number and a secret when needed.` };
};

/** 3.4 / 3.3: no full number anywhere else (events, audit log, stored API replies, alerts...). */
const noPanInData: Check = async (ctx) => {
  const base = { id: 'pci-3.4', requirement: 'No full card number in other stored data (events, logs, stored API replies, exports)' };
  const bins = new Set((await ctx.db.selectFrom('programs').select('bin').execute()).map((p) => p.bin));
  const findings: string[] = [];
  const { tables, rows: scanned } = await scanTextColumns(ctx, (table, column, value) => {
    for (const pan of findPanLike(value)) {
      // Card-network ranges (2-6) or this installation's own BINs; other digit runs are amounts or ids.
      if (/^[2-6]/.test(pan) || bins.has(pan.slice(0, 6))) findings.push(`${table}.${column} (${maskPan(pan)})`);
    }
  });
  if (findings.length > 0) {
    return { ...base, status: 'fail', evidence: `Luhn-valid card numbers found in: ${[...new Set(findings)].slice(0, 10).join(', ')}${findings.length > 10 ? ` and ${findings.length - 10} more` : ''}.` };
  }
  return { ...base, status: 'pass', evidence: `Scanned ${scanned.toLocaleString('en-US')} recent rows of ${tables} tables: no 13-19 digit Luhn-valid number in any text column.` };
};

/** 3.4.1: what staff and integrators see is masked. */
const maskedDisplay: Check = async (ctx) => {
  const base = { id: 'pci-3.4.1', requirement: 'Card numbers are masked when displayed (last 4 digits at most)' };
  const sample = await ctx.db.selectFrom('cards').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!sample) return { ...base, status: 'n/a', evidence: 'No cards issued yet.' };
  const view = cardFromRow(await getCardWithNames(ctx.db, sample.id), ctx.mode === 'live');
  const text = JSON.stringify(view);
  if (findPanLike(text).length > 0) return { ...base, status: 'fail', evidence: `The card view of ${sample.id} contains a full card number.` };
  return { ...base, status: 'pass', evidence: `The card view (as lists, screens and the API show it) of ${sample.id} shows "${view.masked_number}" only; the full number needs the cards:reveal permission and is audited.` };
};

/** 3.6 / 3.7: the key that protects numbers is stored apart from the data, readable only by its owner. */
const keyStorage: Check = async (ctx) => {
  const base = { id: 'pci-3.6.1', requirement: 'The card-data key is stored securely, apart from the data' };
  const file = await databaseFile(ctx.db);
  if (!file) return { ...base, status: 'n/a', evidence: 'The database is not a file on this computer (in memory or a server): no data directory to check.' };
  const keyPath = join(dirname(file), KEY_FILE_NAME);
  if (!existsSync(keyPath)) return { ...base, status: 'n/a', evidence: `No ${KEY_FILE_NAME} in the data directory: the key is held by the operating system's keychain (desktop app).` };
  const mode = statSync(keyPath).mode & 0o777;
  if (mode & 0o077) return { ...base, status: 'fail', evidence: `${keyPath} has mode ${mode.toString(8)}: other users can read it. Run chmod 600.` };
  return { ...base, status: 'pass', evidence: `${keyPath} has mode ${mode.toString(8).padStart(4, '0')} (owner only); the database holds only ciphertext and keyed fingerprints.` };
};

/** 8.3.2: authentication secrets are stored hashed, and no copy of a secret lies anywhere else. */
const apiKeysHashed: Check = async (ctx) => {
  const base = { id: 'pci-8.3.2', requirement: 'API keys are stored hashed, never in plain text' };
  const keys = await ctx.db.selectFrom('api_keys').select(['id', 'secret_hash']).execute();
  const unhashed = keys.filter((k) => !/^[0-9a-f]{64}$/.test(k.secret_hash));
  const plain: string[] = [];
  await scanTextColumns(ctx, (table, column, value) => {
    if (PLAINTEXT_KEY.test(value)) plain.push(`${table}.${column}`);
  });
  if (plain.length > 0 || unhashed.length > 0) {
    const where = [...new Set(plain)].slice(0, 5).join(', ');
    return { ...base, status: 'fail', evidence: `${unhashed.length} keys lack a SHA-256 hash${plain.length ? `; a plain secret key is stored in ${where}` : ''}.` };
  }
  if (keys.length === 0) return { ...base, status: 'n/a', evidence: 'No API keys created yet; no plain secret key found in any table.' };
  return { ...base, status: 'pass', evidence: `${keys.length} API keys, each stored as a SHA-256 hash with its prefix and last 4 only; no plain secret key in any table.` };
};

/** 7.2: access by role, enforced in the core for every host. */
const accessByRole: Check = async (ctx) => {
  const base = { id: 'pci-7.2.1', requirement: 'Access is granted by role (owner, manager, cashier), least privilege' };
  if (ctx.mode !== 'live') return { ...base, status: 'n/a', evidence: 'Staff accounts are kept once per installation, in the live database: see the live checklist.' };
  const staff = await ctx.db.selectFrom('staff').select(['role', 'status']).execute();
  const active = staff.filter((s) => s.status === 'active');
  if (active.length === 0) return { ...base, status: 'fail', evidence: 'No staff accounts: whoever opens the app acts as the owner. Add staff so cashiers cannot change rules.' };
  const unknown = active.filter((s) => !(ROLES as readonly string[]).includes(s.role));
  if (unknown.length > 0) return { ...base, status: 'fail', evidence: `${unknown.length} staff accounts have an unknown role.` };
  const counts = ROLES.map((r) => `${active.filter((s) => s.role === r).length} ${r}`).join(', ');
  if (!active.some((s) => s.role === 'owner')) return { ...base, status: 'fail', evidence: `No active owner (${counts}).` };
  return { ...base, status: 'pass', evidence: `${active.length} active staff (${counts}); every command checks the caller's role or API key scope in the core, whatever host it came through.` };
};

/** 10.2 / 10.3: the audit trail exists and has not been tampered with. */
const auditTrail: Check = async (ctx) => {
  const base = { id: 'pci-10.3.2', requirement: 'Audit logs record privileged actions and are protected from modification' };
  const result = await verifyAuditChain(ctx.db);
  if (!result.ok) return { ...base, status: 'fail', evidence: `The audit chain is broken: ${result.problem}.` };
  return { ...base, status: 'pass', evidence: `${result.entries.toLocaleString('en-US')} audit entries form an unbroken hash chain that ends at its anchor (no entry edited, removed or reordered).` };
};

/** 3.2.1: data is kept no longer than needed. */
const retention: Check = async (ctx) => {
  const base = { id: 'pci-3.2.1', requirement: 'Cardholder data is kept only as long as needed (retention and erasure)' };
  const policy = await getRetentionPolicy(ctx.db);
  if (policy.erase_after_days === null) return { ...base, status: 'fail', evidence: 'No retention period is set: personal data of closed cards is kept forever. Set one in the compliance settings.' };
  const erased = await ctx.db.selectFrom('retention_erasures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return {
    ...base,
    status: 'pass',
    evidence: `Personal data is erased ${policy.erase_after_days} days after a cardholder's last card is canceled; last run ${policy.last_run_at ?? 'not yet'}; ${Number(erased?.n ?? 0)} cardholders erased so far.`,
  };
};

/** 12.10 / 10.7: security alerts are looked at. */
const alertResponse: Check = async (ctx) => {
  const base = { id: 'pci-12.10.5', requirement: 'Security alerts are monitored and responded to' };
  const dayAgo = new Date(ctx.clock.now().getTime() - 86_400_000).toISOString();
  const stale = await ctx.db
    .selectFrom('risk_alerts')
    .select(['id', 'created_at'])
    .where('status', '=', 'open')
    .where('severity', 'in', ['high', 'critical'])
    .where('created_at', '<', dayAgo)
    .orderBy('created_at', 'asc')
    .execute();
  if (stale.length > 0) return { ...base, status: 'fail', evidence: `${stale.length} high-severity alerts have been open for more than a day (oldest ${stale[0]?.id}, since ${stale[0]?.created_at}).` };
  return { ...base, status: 'pass', evidence: 'No high-severity alert has been open for more than a day.' };
};

const transmission: Check = async () => ({
  id: 'pci-4.2.1',
  requirement: 'Card data is protected in transmission over open networks',
  status: 'n/a',
  evidence: 'The engine does not transmit card data itself; the local host binds 127.0.0.1 and the card network adapter owns its transport.',
});

const CHECKS: readonly Check[] = [panUnreadable, noSensitiveAuthData, noPanInData, maskedDisplay, keyStorage, apiKeysHashed, accessByRole, auditTrail, retention, alertResponse, transmission];

/** How each applicable PCI DSS point is met in THIS installation, from live checks of its data. */
export async function pciChecklist(ctx: Ctx): Promise<PciChecklist> {
  const items: ChecklistItem[] = [];
  for (const check of CHECKS) items.push(await check(ctx));
  const summary = { pass: 0, fail: 0, 'n/a': 0 };
  for (const item of items) summary[item.status]++;
  return { object: 'pci_checklist', generated: Math.floor(ctx.clock.now().getTime() / 1000), mode: ctx.mode, summary, items };
}
