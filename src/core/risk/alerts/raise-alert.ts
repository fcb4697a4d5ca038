import { toJson, type Db } from '../../db/database.js';
import type { RiskSignal, RiskWriteCtx } from '../risk-types.js';
import { alertFromRow, strongerSeverity, type Alert, type AlertKind, type AlertRow, type Severity } from './alert.js';

export interface NewAlert {
  kind: AlertKind;
  severity: Severity;
  title: string;
  cardId?: string | null;
  cardholderId?: string | null;
  programId?: string | null;
  authorizationId?: string | null;
  merchant?: Record<string, unknown> | null;
  score?: number | null;
  action?: string | null;
  signals?: RiskSignal[];
  detail?: Record<string, unknown>;
  /** The same unusual pattern again (same actor, same thing) bumps the open alert instead of adding one. */
  dedupeKey?: string | null;
}

export interface RaisedAlert {
  alert: Alert;
  created: boolean;
}

async function cardOwner(db: Db, cardId: string): Promise<{ cardholder_id: string; program_id: string } | undefined> {
  return db.selectFrom('cards').select(['cardholder_id', 'program_id']).where('id', '=', cardId).executeTakeFirst();
}

/**
 * Puts something in front of staff: a flagged or declined-for-risk authorization, a block-list hit,
 * an unusual event. Written in the caller's transaction; the `alert.created` event (which the
 * desktop shell turns into a notification for high severity) is published when it commits.
 */
export async function raiseAlert(ctx: RiskWriteCtx, input: NewAlert): Promise<RaisedAlert> {
  const now = ctx.clock.now().toISOString();
  if (input.dedupeKey) {
    const open = await ctx.db.selectFrom('risk_alerts').selectAll().where('dedupe_key', '=', input.dedupeKey).where('status', '=', 'open').executeTakeFirst();
    if (open) {
      const severity = strongerSeverity(open.severity as Severity, input.severity);
      await ctx.db
        .updateTable('risk_alerts')
        .set({ occurrences: open.occurrences + 1, severity, title: input.title, detail: toJson(input.detail ?? {}), updated_at: now })
        .where('id', '=', open.id)
        .execute();
      return { alert: alertFromRow({ ...open, occurrences: open.occurrences + 1, severity, title: input.title, detail: toJson(input.detail ?? {}), updated_at: now }), created: false };
    }
  }
  let { cardholderId = null, programId = null } = input;
  if (input.cardId && (!cardholderId || !programId)) {
    const owner = await cardOwner(ctx.db, input.cardId);
    cardholderId ??= owner?.cardholder_id ?? null;
    programId ??= owner?.program_id ?? null;
  }
  const row: AlertRow = {
    id: ctx.ids.next('alrt'),
    kind: input.kind,
    severity: input.severity,
    status: 'open',
    title: input.title,
    card_id: input.cardId ?? null,
    cardholder_id: cardholderId,
    program_id: programId,
    authorization_id: input.authorizationId ?? null,
    merchant: input.merchant ? toJson(input.merchant) : null,
    score: input.score ?? null,
    action: input.action ?? null,
    signals: toJson(input.signals ?? []),
    detail: toJson(input.detail ?? {}),
    dedupe_key: input.dedupeKey ?? null,
    occurrences: 1,
    assignee: null,
    resolution: null,
    resolution_note: null,
    resolution_actions: null,
    resolved_by: null,
    resolved_at: null,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.insertInto('risk_alerts').values(row).execute();
  const alert = alertFromRow(row);
  await ctx.emit('alert.created', alert.id, {
    id: alert.id,
    object: 'alert',
    kind: alert.kind,
    severity: alert.severity,
    title: alert.title,
    card: alert.card,
    authorization: alert.authorization,
    score: alert.score,
    action: alert.action,
  });
  return { alert, created: true };
}
