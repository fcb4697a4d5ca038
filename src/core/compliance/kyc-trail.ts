import type { Db } from '../db/database.js';
import type { AuditEntry } from '../audit/audit-log.js';

/** The identity fields KYC rules look at. The trail names which are present, never their values. */
const KYC_FIELDS = ['name', 'email', 'phone', 'birth_date', 'national_id', 'address'] as const;

async function fieldsPresent(db: Db, cardholderId: string): Promise<string[]> {
  const row = await db.selectFrom('cardholders').select(KYC_FIELDS).where('id', '=', cardholderId).executeTakeFirst();
  if (!row) return [];
  return KYC_FIELDS.filter((field) => row[field] !== null && row[field] !== '');
}

/**
 * KYC status changes belong in the tamper-evident trail with the fields behind them. The cardholder
 * handlers announce every change as an event; this turns those events into audit entries, so the
 * trail is complete whichever command (create, update, staff review) caused the change.
 */
export async function kycAuditEntry(db: Db, type: string, objectId: string, data: Record<string, unknown>): Promise<AuditEntry | null> {
  if (type === 'cardholder.verification.updated') {
    return {
      action: 'kyc-status-change',
      objectId,
      outcome: 'ok',
      detail: { from: data.from ?? null, to: data.to ?? null, reason: data.reason ?? null, fields_present: await fieldsPresent(db, objectId) },
    };
  }
  if (type === 'cardholder.created' && typeof data.verification_status === 'string') {
    return {
      action: 'kyc-status-set',
      objectId,
      outcome: 'ok',
      detail: { from: null, to: data.verification_status, fields_present: await fieldsPresent(db, objectId) },
    };
  }
  return null;
}
