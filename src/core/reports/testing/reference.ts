import { TZDate } from '@date-fns/tz';
import type { Engine } from '../../engine.js';

/**
 * The figures recomputed straight from the authorizations, transactions and ledger rows, with
 * another implementation of local time (date-fns' TZDate), for the property tests to compare
 * every report with. Deliberately naive: loops over rows.
 */
export interface RefAuth {
  id: string;
  program_id: string;
  card_id: string;
  cardholder_id: string;
  day: string;
  hour: number;
  weekday: number;
  place: string;
  merchant_key: string;
  mcc: string;
  approved: boolean;
  reason: string;
  stand_in: boolean;
  flagged: boolean;
  requested: number;
  approved_amount: number;
  gross: number;
  refunds: number;
  captured: boolean;
  foreign: boolean;
  fx_fee: number;
  fee: number;
  points_earned: number;
  points_reversed: number;
  tier: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function referenceAuths(engine: Engine, tierAt: ReadonlyMap<string, string>): RefAuth[] {
  const db = engine.database.sqlite;
  const auths = db
    .prepare('SELECT a.*, p.timezone FROM authorizations a JOIN programs p ON p.id = a.program_id WHERE a.card_id IS NOT NULL ORDER BY a.id')
    .all() as Array<Record<string, unknown>>;
  const txns = db.prepare('SELECT authorization_id, type, amount FROM transactions').all() as Array<{ authorization_id: string; type: string; amount: number }>;
  const transfers = db
    .prepare("SELECT authorization_id, code, kind, amount, credit_account_id FROM ledger_transfers WHERE authorization_id IS NOT NULL")
    .all() as Array<{ authorization_id: string; code: string; kind: string; amount: number; credit_account_id: string }>;
  const points = db.prepare("SELECT authorization_id, kind, points FROM rewards_points_entries WHERE authorization_id IS NOT NULL").all() as Array<{ authorization_id: string; kind: string; points: number }>;
  return auths.map((a) => {
    const id = a.id as string;
    const local = new TZDate(Date.parse(a.created_at as string), a.timezone as string);
    const merchantKey = (a.merchant_id as string | null) ?? `name:${a.merchant_name as string}`;
    const gross = txns.filter((t) => t.authorization_id === id && t.type === 'capture').reduce((s, t) => s + t.amount, 0);
    const refunds = txns.filter((t) => t.authorization_id === id && t.type === 'refund').reduce((s, t) => s + t.amount, 0);
    const fees = (code: string): number =>
      transfers
        .filter((t) => t.authorization_id === id && t.code === code && (t.kind === 'posted' || t.kind === 'post_pending') && t.credit_account_id.startsWith('fees_income:'))
        .reduce((s, t) => s + t.amount, 0);
    const approved = a.approved === 1;
    return {
      id,
      program_id: a.program_id as string,
      card_id: a.card_id as string,
      cardholder_id: a.cardholder_id as string,
      day: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`,
      hour: local.getHours(),
      weekday: local.getDay(),
      place: (a.location_id as string | null) ?? merchantKey,
      merchant_key: merchantKey,
      mcc: a.merchant_mcc as string,
      approved,
      reason: approved ? '' : ((a.decline_reason as string | null) ?? ''),
      stand_in: a.stand_in === 1,
      flagged: a.risk_score !== null && (a.risk_score as number) >= 40,
      requested: a.requested_amount as number,
      approved_amount: approved ? (a.amount as number) : 0,
      gross,
      refunds,
      captured: gross > 0,
      foreign: a.merchant_currency !== a.currency,
      fx_fee: fees('fee_fx'),
      fee: fees('fee_transaction'),
      points_earned: points.filter((p) => p.authorization_id === id && p.kind === 'earn').reduce((s, p) => s + p.points, 0),
      points_reversed: -points.filter((p) => p.authorization_id === id && p.kind === 'reverse').reduce((s, p) => s + p.points, 0),
      tier: tierAt.get(id) ?? '',
    };
  });
}
