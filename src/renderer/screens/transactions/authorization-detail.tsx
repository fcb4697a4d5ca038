import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Authorization } from '../../../core/authorization/authorization.js';
import { countryName } from '../../format/countries.js';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { hrefOf } from '../../state/route.js';
import { Badge } from '../../ui/badge.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { DecisionBadge, reasonText, TraceView } from '../../ui/decision.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { maskedNumber } from '../cards/card-labels.js';
import { codeWithGroup } from '../reports/category-name.js';

type Pending = { kind: 'reverse' } | { kind: 'refund'; transaction: string; amount: number };

/**
 * One decision in full: amounts, merchant, why (reason, ISO code and the rule trace), the money
 * that moved, and what can still be done (complete, release, refund).
 */
export function AuthorizationDetail({ id, timeZone = DEFAULT_TIME_ZONE, onClose }: { id: string; timeZone?: string; onClose?: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const query = useQuery('authorization-get', { id }, ['authorization', 'transaction']);
  const movements = useQuery('transaction-list', { authorization: id, limit: 20 }, ['transaction']);
  const capture = useMutation('authorization-capture');
  const reverse = useMutation('authorization-reverse');
  const refund = useMutation('transaction-refund');
  const [confirm, setConfirm] = useState<Pending | null>(null);
  const [done, setDone] = useState(false);
  const a = query.data;

  if (query.loading && !a) return <Loading />;
  if (query.error) return <ErrorNotice error={query.error} onRetry={query.reload} />;
  if (!a) return null;

  const money = (n: number) => formatMoney(n, a.currency, lang);
  const after = () => {
    setDone(true);
    query.reload();
    movements.reload();
  };
  const error = capture.error ?? reverse.error ?? refund.error;
  const busy = capture.pending || reverse.pending || refund.pending;
  const refundable = (movements.data?.data ?? []).find((m) => m.type === 'capture' && m.refunded_amount < m.amount);

  return (
    <section className="panel panel__body detail" aria-labelledby="auth-detail-title" data-testid="authorization-detail">
      <div className="detail__head">
        <div>
          <h2 id="auth-detail-title">{a.merchant.name}</h2>
          <p className="muted mono">{a.id}</p>
        </div>
        {onClose ? (
          <button type="button" className="btn btn--small btn--ghost" onClick={onClose} aria-label={t('transactions.detail.close')}>
            ✕
          </button>
        ) : null}
      </div>
      <div className="detail__decision">
        <DecisionBadge approved={a.approved} code={a.response_code} />
        <span className="detail__amount">{money(a.approved ? a.amount : a.requested_amount)}</span>
      </div>
      {!a.approved ? (
        <p className="decline-reason" data-testid="decline-reason">
          {reasonText(t, a.decline_reason)} <span className="mono muted">({t('decisions.isoCode', { code: a.response_code })})</span>
        </p>
      ) : null}
      {done && !error ? <SuccessNotice>{t('transactions.detail.done')}</SuccessNotice> : null}
      {error ? <ErrorNotice error={error} /> : null}
      <dl className="kv">
        <dt>{t('transactions.detail.when')}</dt>
        <dd>{formatDateTime(a.created, timeZone, lang)}</dd>
        <dt>{t('transactions.detail.card')}</dt>
        <dd>
          {a.card ? (
            <a href={hrefOf('cards', a.card)} className="mono">
              {maskedNumber(a.card_last4 ?? '????')}
            </a>
          ) : (
            <span className="mono">{maskedNumber(a.card_last4 ?? '????')}</span>
          )}
        </dd>
        <dt>{t('transactions.detail.category')}</dt>
        <dd>{codeWithGroup(t, a.merchant.mcc)}</dd>
        <dt>{t('transactions.detail.place')}</dt>
        <dd>{[a.merchant.city, countryName(a.merchant.country, lang)].filter(Boolean).join(', ')}</dd>
        <dt>{t('transactions.detail.status')}</dt>
        <dd>
          <Badge tone={a.status === 'pending' ? 'info' : 'neutral'}>{t(`transactions.status.${a.status}`)}</Badge>
        </dd>
        {a.approved && a.requested_amount !== a.amount ? (
          <>
            <dt>{t('transactions.detail.requested')}</dt>
            <dd>{money(a.requested_amount)}</dd>
          </>
        ) : null}
        {a.captured_amount > 0 ? (
          <>
            <dt>{t('transactions.detail.captured')}</dt>
            <dd>{money(a.captured_amount)}</dd>
          </>
        ) : null}
        {a.pending_amount > 0 ? (
          <>
            <dt>{t('transactions.detail.held')}</dt>
            <dd>{money(a.pending_amount)}</dd>
          </>
        ) : null}
        {a.refunded_amount > 0 ? (
          <>
            <dt>{t('transactions.detail.refunded')}</dt>
            <dd>{money(a.refunded_amount)}</dd>
          </>
        ) : null}
        {a.fees.transaction + a.fees.fx > 0 ? (
          <>
            <dt>{t('transactions.detail.fees')}</dt>
            <dd>{money(a.fees.transaction + a.fees.fx)}</dd>
          </>
        ) : null}
        {a.risk_score !== null ? (
          <>
            <dt>{t('transactions.detail.risk')}</dt>
            <dd>{a.risk_score}</dd>
          </>
        ) : null}
      </dl>
      {a.stand_in ? <p className="notice notice--info">{t('transactions.detail.standIn')}</p> : null}
      <div className="row-actions row-actions--start">
        {a.status === 'pending' ? (
          <>
            <button type="button" className="btn btn--primary btn--small" disabled={busy} onClick={() => void capture.run({ id: a.id }).then((r) => r && after())}>
              {t('transactions.detail.capture')}
            </button>
            <button type="button" className="btn btn--small" disabled={busy} onClick={() => setConfirm({ kind: 'reverse' })}>
              {t('transactions.detail.reverse')}
            </button>
          </>
        ) : null}
        {refundable ? (
          <button type="button" className="btn btn--small" disabled={busy} onClick={() => setConfirm({ kind: 'refund', transaction: refundable.id, amount: refundable.amount - refundable.refunded_amount })}>
            {t('transactions.detail.refund')}
          </button>
        ) : null}
      </div>
      <div>
        <h3 className="detail__subtitle">{t('decisions.whyTitle')}</h3>
        {a.trace.length > 0 ? <TraceView trace={a.trace} currency={a.currency} /> : <p className="muted">{t('transactions.detail.noTrace')}</p>}
      </div>
      {(movements.data?.data.length ?? 0) > 0 ? (
        <div>
          <h3 className="detail__subtitle">{t('transactions.detail.movements')}</h3>
          <ul className="plain-list">
            {movements.data!.data.map((m) => (
              <li key={m.id}>
                {t(`transactions.detail.movementTypes.${m.type}`)} · {money(m.amount)} · <span className="muted">{formatDateTime(m.created, timeZone, lang)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        danger
        pending={busy}
        title={confirm?.kind === 'refund' ? t('transactions.detail.confirmRefundTitle', { amount: money(confirm.amount) }) : t('transactions.detail.confirmReverseTitle', { amount: money(a.pending_amount) })}
        text={confirm?.kind === 'refund' ? t('transactions.detail.confirmRefundText') : t('transactions.detail.confirmReverseText')}
        confirmLabel={confirm?.kind === 'refund' ? t('transactions.detail.refund') : t('transactions.detail.reverse')}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const current = confirm;
          setConfirm(null);
          if (current?.kind === 'refund') void refund.run({ id: current.transaction }).then((r) => r && after());
          else void reverse.run({ id: a.id }).then((r) => r && after());
        }}
      />
    </section>
  );
}

export type { Authorization };
