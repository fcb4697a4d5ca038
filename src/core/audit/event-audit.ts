import type { Db } from '../db/database.js';
import type { Clock } from '../kernel/clock.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { Actor } from '../bus/actor.js';
import { appendAudit, type AuditEntry } from './audit-log.js';
import { kycAuditEntry } from '../compliance/kyc-trail.js';

type EventAuditRule = (db: Db, type: string, objectId: string, data: Record<string, unknown>) => Promise<AuditEntry | null>;

/** Events whose occurrence must be in the audit trail even when the command that caused them is not audited. */
const RULES: Readonly<Record<string, EventAuditRule>> = {
  'cardholder.created': kycAuditEntry,
  'cardholder.verification.updated': kycAuditEntry,
};

/** Called by the bus for every event a command emits, inside the command's transaction. */
export async function auditEvent(db: Db, ids: IdGenerator, clock: Clock, actor: Actor, type: string, objectId: string, data: Record<string, unknown>): Promise<void> {
  const rule = RULES[type];
  if (!rule) return;
  const entry = await rule(db, type, objectId, data);
  if (entry) await appendAudit(db, ids, clock, actor, entry);
}
