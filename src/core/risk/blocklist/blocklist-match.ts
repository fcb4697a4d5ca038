import type { Db } from '../../db/database.js';
import type { RiskFacts } from '../risk-facts.js';
import type { BlockListHit, RiskInput } from '../risk-types.js';
import { emailDomainOf, normalizePhone, type BlocklistKind } from './blocklist-kinds.js';

/** What of this authorization a block list can name. */
export function matchKeys(input: RiskInput, facts: RiskFacts, mcc: string | null): Array<[BlocklistKind, string]> {
  const keys: Array<[BlocklistKind, string]> = [['card', facts.fingerprint]];
  if (input.merchant.id) keys.push(['merchant', input.merchant.id.trim()]);
  if (mcc) keys.push(['mcc', mcc]);
  if (facts.country) keys.push(['country', facts.country]);
  const domain = emailDomainOf(facts.email);
  if (domain) keys.push(['email_domain', domain]);
  const phone = facts.phone ? normalizePhone(facts.phone) : null;
  if (phone) keys.push(['phone', phone]);
  return keys;
}

/** Entries in force on active lists that match; declining lists first. One indexed query. */
export async function findBlockListHits(db: Db, keys: Array<[BlocklistKind, string]>): Promise<BlockListHit[]> {
  const rows = await db
    .selectFrom('blocklist_entries as e')
    .innerJoin('blocklists as l', 'l.id', 'e.list_id')
    .select(['e.id', 'e.kind', 'e.label', 'l.id as list_id', 'l.name', 'l.source', 'l.source_date', 'l.policy'])
    .where('e.removed_at', 'is', null)
    .where('l.status', '=', 'active')
    .where((eb) => eb.or(keys.map(([kind, value]) => eb.and([eb('e.kind', '=', kind), eb('e.value', '=', value)]))))
    .execute();
  return rows
    .map((row) => ({
      list: row.list_id,
      list_name: row.name,
      source: row.source,
      source_date: row.source_date,
      policy: row.policy as BlockListHit['policy'],
      entry: row.id,
      kind: row.kind,
      label: row.label,
    }))
    .sort((a, b) => (a.policy === b.policy ? a.entry.localeCompare(b.entry) : a.policy === 'decline' ? -1 : 1));
}
