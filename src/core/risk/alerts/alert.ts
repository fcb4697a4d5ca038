import { fromJson } from '../../db/database.js';
import type { Selectable } from 'kysely';
import type { RiskAlertsTable } from '../risk-tables.js';
import type { RiskSignal } from '../risk-types.js';

export const ALERT_KINDS = ['authorization_risk', 'block_list_hit', 'unusual_activity'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RESOLUTIONS = ['fraud_confirmed', 'false_positive'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export type AlertRow = Selectable<RiskAlertsTable>;
export type AlertRowWithNames = AlertRow & { card_last4?: string | null; cardholder_name?: string | null };

export interface AlertComment {
  id: string;
  object: 'alert_comment';
  author: { type: string; id: string };
  body: string;
  created: number;
}

/** An alert as staff and integrators see it. Never a full card number: last 4 at most. */
export interface Alert {
  id: string;
  object: 'alert';
  kind: AlertKind;
  severity: Severity;
  status: 'open' | 'resolved';
  title: string;
  card: string | null;
  card_last4: string | null;
  cardholder: string | null;
  cardholder_name: string | null;
  program: string | null;
  authorization: string | null;
  merchant: Record<string, unknown> | null;
  score: number | null;
  action: string | null;
  signals: RiskSignal[];
  detail: Record<string, unknown>;
  occurrences: number;
  assignee: string | null;
  resolution: { type: Resolution; note: string | null; actions: Record<string, unknown>; by: string | null; at: number } | null;
  created: number;
  updated: number;
  comments?: AlertComment[];
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export function alertFromRow(row: AlertRowWithNames): Alert {
  return {
    id: row.id,
    object: 'alert',
    kind: row.kind as AlertKind,
    severity: row.severity as Severity,
    status: row.status as Alert['status'],
    title: row.title,
    card: row.card_id,
    card_last4: row.card_last4 ?? null,
    cardholder: row.cardholder_id,
    cardholder_name: row.cardholder_name ?? null,
    program: row.program_id,
    authorization: row.authorization_id,
    merchant: fromJson(row.merchant),
    score: row.score,
    action: row.action,
    signals: fromJson<RiskSignal[]>(row.signals) ?? [],
    detail: fromJson<Record<string, unknown>>(row.detail) ?? {},
    occurrences: row.occurrences,
    assignee: row.assignee,
    resolution:
      row.resolution && row.resolved_at
        ? { type: row.resolution as Resolution, note: row.resolution_note, actions: fromJson(row.resolution_actions) ?? {}, by: row.resolved_by, at: seconds(row.resolved_at) }
        : null,
    created: seconds(row.created_at),
    updated: seconds(row.updated_at),
  };
}

export function strongerSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}
