import { z } from 'zod';
import type { Db } from '../db/database.js';
import { fromJson, toJson } from '../db/database.js';
import { ACCOUNT_CODES, type AccountCode } from '../ledger/accounts.js';
import { isSupportedCurrency } from '../kernel/money.js';
import { isValidTimeZone } from '../reference/timezones.js';
import { invalid } from '../kernel/errors.js';

/**
 * Which account of the merchant's own chart of accounts each kind of ledger account books to
 * (per currency, or for every currency), and the time zone the books' days are in. The journal
 * export writes the mapped code; an unmapped ledger account keeps Kartu's code.
 */
export interface AccountMappingEntry {
  ledger_code: AccountCode;
  /** null: every currency. */
  currency: string | null;
  account_code: string;
  account_name: string | null;
}

export interface AccountMapping {
  object: 'account_mapping';
  /** The books' zone: journal dates are its local days. */
  timezone: string;
  accounts: Array<AccountMappingEntry & { mapped: boolean; description: string }>;
}

export const LEDGER_CODE_DESCRIPTIONS: Record<AccountCode, string> = {
  card_funds: 'Money held for cardholders (stored value, credit line in use)',
  company_funds: "Companies' funds for their employees' corporate cards",
  merchant_settlement: 'Owed to acquirers / merchants for captured purchases',
  fees_income: 'Fee income (transaction, FX, issuance, monthly)',
  fx: 'Currency conversion position',
  issuer_cash: 'Cash received for top-ups and paid out for withdrawals',
  credit_facility: 'Credit extended to credit cards',
  rewards_liability: 'Cost of cashback and stored-value rewards',
};

const accountCode = z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N} ._\-/:]+$/u, 'letters, digits, spaces and . _ - / : only');

export const mappingUpdateSchema = z.strictObject({
  timezone: z.string().min(1).max(64).optional(),
  accounts: z
    .array(
      z.strictObject({
        ledger_code: z.enum(ACCOUNT_CODES),
        currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').nullable().optional(),
        account_code: accountCode.optional(),
        account_name: z.string().trim().max(100).nullable().optional(),
        /** Removes the mapping: the ledger code is exported as it is. */
        remove: z.literal(true).optional(),
      }),
    )
    .max(200)
    .optional(),
});

const ID = 'default';

async function defaultZone(db: Db): Promise<string> {
  const zones = await db.selectFrom('programs').select('timezone').distinct().execute();
  return zones.length === 1 ? zones[0]!.timezone : 'UTC';
}

export async function loadMapping(db: Db): Promise<{ timezone: string; entries: AccountMappingEntry[] }> {
  const row = await db.selectFrom('accounting_settings').selectAll().where('id', '=', ID).executeTakeFirst();
  return { timezone: row?.timezone ?? (await defaultZone(db)), entries: row ? fromJson<AccountMappingEntry[]>(row.mapping) : [] };
}

export async function mappingView(db: Db): Promise<AccountMapping> {
  const { timezone, entries } = await loadMapping(db);
  const out: AccountMapping['accounts'] = [];
  for (const code of ACCOUNT_CODES) {
    const own = entries.filter((e) => e.ledger_code === code);
    for (const e of own) out.push({ ...e, mapped: true, description: LEDGER_CODE_DESCRIPTIONS[code] });
    if (!own.some((e) => e.currency === null)) out.push({ ledger_code: code, currency: null, account_code: code, account_name: null, mapped: false, description: LEDGER_CODE_DESCRIPTIONS[code] });
  }
  return { object: 'account_mapping', timezone, accounts: out };
}

export async function updateMapping(db: Db, input: z.output<typeof mappingUpdateSchema>, now: string): Promise<AccountMapping> {
  const current = await loadMapping(db);
  if (input.timezone !== undefined && !isValidTimeZone(input.timezone)) throw invalid('parameter_invalid', `'${input.timezone}' is not an IANA time zone (e.g. Asia/Jakarta).`, 'timezone');
  const entries = [...current.entries];
  (input.accounts ?? []).forEach((a, i) => {
    const currency = a.currency ?? null;
    if (currency !== null && !isSupportedCurrency(currency)) throw invalid('parameter_invalid', `Unsupported currency ${currency}.`, `accounts.${i}.currency`);
    const at = entries.findIndex((e) => e.ledger_code === a.ledger_code && e.currency === currency);
    if (a.remove) {
      if (at >= 0) entries.splice(at, 1);
      return;
    }
    if (!a.account_code) throw invalid('parameter_missing', 'account_code is required (or remove: true).', `accounts.${i}.account_code`);
    const entry: AccountMappingEntry = { ledger_code: a.ledger_code, currency, account_code: a.account_code, account_name: a.account_name ?? null };
    if (at >= 0) entries[at] = entry;
    else entries.push(entry);
  });
  const row = { id: ID, timezone: input.timezone ?? current.timezone, mapping: toJson(entries), updated_at: now };
  await db.insertInto('accounting_settings').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
  return mappingView(db);
}

/** The merchant's account for a ledger account: its code's mapping for the currency, else for all. */
export function mapAccount(entries: readonly AccountMappingEntry[], ledgerCode: string, currency: string): { code: string; name: string | null } {
  const exact = entries.find((e) => e.ledger_code === ledgerCode && e.currency === currency);
  const any = exact ?? entries.find((e) => e.ledger_code === ledgerCode && e.currency === null);
  return any ? { code: any.account_code, name: any.account_name } : { code: ledgerCode, name: null };
}
