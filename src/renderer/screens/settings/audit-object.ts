import type { ScreenId } from '../../state/route.js';

/**
 * What an audit entry's object is, read from its id's prefix (ids are `prefix_…`, see
 * core/kernel/ids.ts): the log showed `topup_01m8c1swm000017dqyh56e`, which no owner reads. The
 * screen names the kind in words and links to the record where it has a screen of its own; the id
 * itself stays as the tooltip, for support.
 */
const KIND_BY_PREFIX = {
  prog: 'program',
  loc: 'branch',
  ch: 'cardholder',
  card: 'card',
  auth: 'purchase',
  txn: 'transaction',
  key: 'apiKey',
  topup: 'topUp',
  wdl: 'withdrawal',
  fund: 'funding',
  we: 'webhook',
  staff: 'staff',
  rwd: 'reward',
  rdm: 'redemption',
  tier: 'tier',
  camp: 'campaign',
  rule: 'earningRule',
  ptnr: 'partner',
  design: 'design',
  fee: 'fee',
  bl: 'blocklist',
  alrt: 'alert',
} as const;

export type AuditObjectKind = (typeof KIND_BY_PREFIX)[keyof typeof KIND_BY_PREFIX] | 'other';

const SCREEN_BY_KIND: Partial<Record<AuditObjectKind, ScreenId>> = { card: 'cards', cardholder: 'cardholders', program: 'programs' };

export interface AuditObject {
  kind: AuditObjectKind;
  /** Where the record is shown, when it has a screen of its own. */
  screen: ScreenId | null;
}

export function auditObject(id: string): AuditObject {
  const prefix = id.slice(0, id.indexOf('_'));
  const kind: AuditObjectKind = Object.hasOwn(KIND_BY_PREFIX, prefix) ? KIND_BY_PREFIX[prefix as keyof typeof KIND_BY_PREFIX] : 'other';
  return { kind, screen: SCREEN_BY_KIND[kind] ?? null };
}

export const AUDIT_OBJECT_KINDS: readonly AuditObjectKind[] = [...new Set(Object.values(KIND_BY_PREFIX)), 'other'];
