import { createHash } from 'node:crypto';
import { seededRandom } from '../../kernel/random.js';
import type { SettlementRecord } from '../clearing/settlement-file.js';
import { SANDBOX_SETTLEMENT_FORMAT, type SandboxSettlementFile } from '../clearing/settlement-formats.js';

/** An approved authorization the network saw, as the generator needs it. */
export interface SeenAuthorization {
  /** The network's own reference (advices) or Kartu's id (routed to the ISO port). */
  reference: string;
  authorizationId: string;
  rrn: string | null;
  cardLast4: string | null;
  amount: number;
  currency: string;
  merchantId: string | null;
  decidedAt: string;
}

export interface SettlementGeneration {
  /** YYYY-MM-DD (UTC): only authorizations decided that day; absent: every one given. */
  date?: string | undefined;
  /** How many deliberate mismatches to put in the file (deterministic from `seed`). */
  mismatches?: number | undefined;
  seed?: number | undefined;
}

/** Interchange the sandbox network reports, informational: 0.10% of the amount, rounded down. */
const INTERCHANGE_BPS = 10;

/**
 * The sandbox network's daily settlement (clearing) file: one capture record per approved
 * authorization it saw, settled the day after. With `mismatches`, a seeded choice of records is
 * spoiled the ways real files go wrong, in turn: a different amount, an extra record for an
 * authorization nobody knows, another card's last 4 digits. The same inputs always make the same file (and file id).
 */
export function generateSettlementFile(seen: readonly SeenAuthorization[], options: SettlementGeneration = {}): SandboxSettlementFile {
  const chosen = seen.filter((a) => !options.date || a.decidedAt.slice(0, 10) === options.date);
  const records: Array<Omit<SettlementRecord, 'line'>> = chosen.map((a) => ({
    record_id: `SBX-${a.reference}`,
    type: 'capture',
    authorization: a.authorizationId,
    rrn: a.rrn,
    card_last4: a.cardLast4 && /^\d{4}$/.test(a.cardLast4) ? a.cardLast4 : '0000',
    amount: a.amount,
    currency: a.currency,
    merchant_id: a.merchantId ?? '',
    settled_at: new Date(Date.parse(`${a.decidedAt.slice(0, 10)}T00:00:00Z`) + 86_400_000 + 2 * 3_600_000).toISOString(),
    interchange_fee: Math.floor((a.amount * INTERCHANGE_BPS) / 10_000),
  }));
  const count = Math.min(options.mismatches ?? 0, 1_000);
  if (count > 0) {
    const random = seededRandom(options.seed ?? 1);
    for (let i = 0; i < count; i++) {
      const kind = i % 3;
      if (kind === 0 && records.length > 0) {
        const r = records[random.int(records.length)]!;
        r.amount += 1 + random.int(Math.max(1, Math.floor(r.amount / 10)));
      } else if (kind === 2 && records.length > 0) {
        // Another card's last 4 on a real authorization's record.
        const r = records[random.int(records.length)]!;
        r.card_last4 = String((Number(r.card_last4) + 1 + random.int(9_998)) % 10_000).padStart(4, '0');
      } else {
        const template = records[0];
        const n = String(random.int(1_000_000_000)).padStart(9, '0');
        records.push({
          record_id: `SBX-X${n}`,
          type: 'capture',
          authorization: null,
          rrn: `9${n.slice(0, 11)}`.padEnd(12, '0'),
          card_last4: template?.card_last4 ?? '0000',
          amount: 1_000 + random.int(100_000),
          currency: template?.currency ?? 'IDR',
          merchant_id: template?.merchant_id ?? 'UNKNOWN',
          settled_at: template?.settled_at ?? new Date(Date.parse(`${options.date ?? '2026-01-01'}T02:00:00Z`) + 86_400_000).toISOString(),
          interchange_fee: 0,
        });
      }
    }
  }
  const digest = createHash('sha256').update(JSON.stringify(records)).digest('hex').slice(0, 16);
  return { format: SANDBOX_SETTLEMENT_FORMAT, file_id: `SBX-${options.date ?? 'ALL'}-${digest}`, network: 'sandbox', settlement_date: options.date ?? null, records };
}
