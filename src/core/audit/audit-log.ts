import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { toJson } from '../db/database.js';
import type { Clock } from '../kernel/clock.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { Actor } from '../bus/actor.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';

export interface AuditEntry {
  action: string;
  objectId?: string | null;
  outcome: 'ok' | 'refused';
  /** Before/after or the reason refused; card numbers masked by the caller. */
  detail: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

export function auditHash(prevHash: string, fields: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update(toJson(fields)).digest('hex');
}

/**
 * Append-only and chained: each entry's hash covers the previous hash, so an edited, deleted or
 * reordered row breaks the chain (verified by `audit-verify`). Call inside the write's transaction.
 * The next entry follows the anchor (where the chain last ended), not whatever row is last now: so
 * deleting the last entries is detected even after new ones are written, and two writers that raced
 * collide on the primary key instead of forking the chain.
 */
export async function appendAudit(db: Db, ids: IdGenerator, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  const anchor = await readAnchor(db);
  const prevHash = anchor.hash;
  const at = clock.now().toISOString();
  const fields = {
    id: ids.next('aud'),
    at,
    actor_type: actor.type,
    actor_id: actor.id,
    action: entry.action,
    object_id: entry.objectId ?? null,
    outcome: entry.outcome,
    detail: toJson(entry.detail),
  };
  const hash = auditHash(prevHash, fields);
  const seq = anchor.seq + 1;
  await insertEntry.execute(db, { seq, ...fields, prev_hash: prevHash, hash });
  await moveAnchor.execute(db, { id: 1, seq, hash, updated_at: at });
}

// Audited commands append on every call (bulk issuance, staff actions): statements compiled once.
const insertEntry = new PreparedInsert<Record<string, unknown>>('audit_log', [
  'seq', 'id', 'at', 'actor_type', 'actor_id', 'action', 'object_id', 'outcome', 'detail', 'prev_hash', 'hash',
]);
const moveAnchor = new PreparedInsert<Record<string, unknown>>('audit_anchor', ['id', 'seq', 'hash', 'updated_at'], (oc) =>
  oc.column('id').doUpdateSet((eb: any) => ({ seq: eb.ref('excluded.seq'), hash: eb.ref('excluded.hash'), updated_at: eb.ref('excluded.updated_at') })),
);
const anchorRow = new Prepared<[number], { seq: number; hash: string }>(1, (db, id) =>
  db.selectFrom('audit_anchor').select(['seq', 'hash']).where('id', '=', id),
);

/** The anchor, or (only if someone deleted it) the last row: appending still works, verify reports it. */
async function readAnchor(db: Db): Promise<{ seq: number; hash: string }> {
  const [anchor] = await anchorRow.execute(db, 1);
  if (anchor) return anchor;
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ?? { seq: 0, hash: GENESIS };
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  firstBrokenSeq: number | null;
  problem: string | null;
}

export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc').execute();
  let prevHash = GENESIS;
  let expectedSeq: number | null = null;
  for (const row of rows) {
    const { seq, prev_hash, hash, ...fields } = row;
    if (expectedSeq !== null && seq !== expectedSeq) {
      return { ok: false, entries: rows.length, firstBrokenSeq: seq, problem: `entry ${expectedSeq} is missing` };
    }
    if (prev_hash !== prevHash) {
      return { ok: false, entries: rows.length, firstBrokenSeq: seq, problem: `entry ${seq} does not follow the one before it` };
    }
    if (auditHash(prevHash, fields) !== hash) {
      return { ok: false, entries: rows.length, firstBrokenSeq: seq, problem: `entry ${seq} was changed after it was written` };
    }
    prevHash = hash;
    expectedSeq = seq + 1;
  }
  // The rows form an unbroken chain; it must also end where the last append left it.
  const anchor = await db.selectFrom('audit_anchor').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const lastSeq = expectedSeq === null ? 0 : expectedSeq - 1;
  if (!anchor) {
    if (rows.length === 0) return { ok: true, entries: 0, firstBrokenSeq: null, problem: null };
    return { ok: false, entries: rows.length, firstBrokenSeq: null, problem: 'the record of where the log ends (its anchor) was deleted' };
  }
  if (anchor.seq > lastSeq) {
    const missing = anchor.seq === lastSeq + 1 ? `entry ${anchor.seq} is missing` : `entries ${lastSeq + 1} to ${anchor.seq} are missing`;
    return { ok: false, entries: rows.length, firstBrokenSeq: lastSeq + 1, problem: `${missing}: the log was cut short at its end` };
  }
  if (anchor.seq !== lastSeq || anchor.hash !== prevHash) {
    return { ok: false, entries: rows.length, firstBrokenSeq: anchor.seq + 1, problem: `the log does not end where it was last written (entry ${anchor.seq})` };
  }
  return { ok: true, entries: rows.length, firstBrokenSeq: null, problem: null };
}
