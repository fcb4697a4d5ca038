import type { Db } from '../../db/database.js';
import type { RiskFacts } from '../risk-facts.js';
import type { BlockListHit, RiskInput } from '../risk-types.js';
import { prepared } from '../prepared.js';
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

/** Every authorization asks about the same six kinds: one fixed-shape query, built once. */
const SLOTS = 6;
const MATCH = prepared((db, p) =>
  db
    .selectFrom('blocklist_entries as e')
    .innerJoin('blocklists as l', 'l.id', 'e.list_id')
    .select(['e.id', 'e.kind', 'e.label', 'l.id as list_id', 'l.name', 'l.source', 'l.source_date', 'l.policy'])
    .where('e.removed_at', 'is', null)
    .where('l.status', '=', 'active')
    .where((eb) => eb.or(Array.from({ length: SLOTS }, (_, i) => eb.and([eb('e.kind', '=', p(2 * i)), eb('e.value', '=', p(2 * i + 1))])))),
);

/** Entries in force on active lists that match; declining lists first. One indexed query. */
export async function findBlockListHits(db: Db, keys: Array<[BlocklistKind, string]>): Promise<BlockListHit[]> {
  const values: string[] = [];
  for (let i = 0; i < SLOTS; i++) values.push(...(keys[i] ?? ['', '']));
  const rows = await MATCH.run(db, values);
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
