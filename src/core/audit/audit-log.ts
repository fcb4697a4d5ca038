import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { toJson } from '../db/database.js';
import type { Clock } from '../kernel/clock.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { Actor } from '../bus/actor.js';

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
 */
export async function appendAudit(db: Db, ids: IdGenerator, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  const last = await db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS;
  const fields = {
    id: ids.next('aud'),
    at: clock.now().toISOString(),
    actor_type: actor.type,
    actor_id: actor.id,
    action: entry.action,
    object_id: entry.objectId ?? null,
    outcome: entry.outcome,
    detail: toJson(entry.detail),
  };
  await db.insertInto('audit_log').values({ ...fields, prev_hash: prevHash, hash: auditHash(prevHash, fields) }).execute();
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
  return { ok: true, entries: rows.length, firstBrokenSeq: null, problem: null };
}
