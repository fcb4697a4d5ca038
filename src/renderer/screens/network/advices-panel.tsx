import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useMutation } from '../../hooks/use-command.js';
import type { ItemOf } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { Badge, type Tone } from '../../ui/badge.js';
import { Field } from '../../ui/field.js';
import { pagedState, ListTable } from '../../ui/list-table.js';
import { EmptyState, ErrorNotice } from '../../ui/states.js';
import { DoneNotice } from './done-notice.js';
import { networkErrorText } from './network-errors.js';
import { useLiveList } from './use-live-list.js';

type Advice = ItemOf<'network-advice-list'>;
type Status = 'pending' | 'retrying' | 'delivered' | 'failed';
const STATUSES: readonly Status[] = ['pending', 'retrying', 'failed', 'delivered'];
const TONES: Record<Status, Tone> = { pending: 'info', retrying: 'warning', delivered: 'success', failed: 'danger' };

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * What Kartu reports to the network about the decisions at its counters: stand-in decisions wait
 * here while the network is unreachable and go out in decision order once it is back. A failed one
 * can be sent again (it keeps its place in line).
 */
export function AdvicesPanel({ refresh }: { refresh: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [status, setStatus] = useState<Status | ''>('');
  const [kind, setKind] = useState<'stand_in' | 'authorization' | ''>('');
  const list = useLiveList('network-advice-list', { ...(status ? { status } : {}), ...(kind ? { kind } : {}) }, ['network', 'authorization'], refresh);
  const retry = useMutation('network-advice-retry');
  const [retried, setRetried] = useState<string | null>(null);

  const send = async (advice: Advice) => {
    setRetried(null);
    const result = await retry.run({ id: advice.id });
    list.reload();
    if (result) setRetried(advice.id);
  };
  // Sent by the worker between the list and the click: the row now says so, nothing went wrong.
  const error = retry.error?.code === 'already_delivered' ? null : retry.error;

  return (
    <section className="panel" aria-labelledby="advices-title" data-testid="network-advices">
      <div className="panel__header">
        <div>
          <h2 id="advices-title">{t('network.advices.title')}</h2>
          <p className="muted">{t('network.advices.text')}</p>
        </div>
        <div className="network-filters">
          <Field label={t('network.advices.kind')}>
            <select className="select select--compact" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="">{t('network.advices.all')}</option>
              {(['stand_in', 'authorization'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`network.adviceKinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('network.advices.filter')}>
            <select className="select select--compact" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
              <option value="">{t('network.advices.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`network.adviceStatuses.${s}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </div>
      <DoneNotice text={retried ? t('network.advices.retried') : null} />
      {error ? <ErrorNotice error={error} text={networkErrorText(t, error)} /> : null}
      <ListTable
        inPanel
        state={pagedState(list)}
        empty={
          status || kind ? (
            <EmptyState icon="inbox" title={t('network.advices.empty')} />
          ) : (
            <EmptyState icon="inbox" title={t('network.advices.emptyAll')} text={t('network.advices.emptyAllText')} />
          )
        }
        caption={t('network.advices.title')}
        head={
          <>
            <th scope="col">{t('network.when')}</th>
            <th scope="col">{t('network.advices.kind')}</th>
            <th scope="col">{t('network.purchase')}</th>
            <th scope="col" className="num">{t('network.amount')}</th>
            <th scope="col">{t('network.advices.decision')}</th>
            <th scope="col">{t('network.status')}</th>
            <th scope="col">{t('network.advices.answer')}</th>
          </>
        }
        actionsLabel={t('network.actions')}
        columns={8}
      >
        {list.items.map((advice) => {
          const s = advice.status as Status;
          // The stored advice is the whole decision as sent, with the card's last 4 digits.
          const last4 = (advice.decision as { cardLast4?: string | null }).cardLast4;
          return (
            <tr key={advice.id} data-testid="advice-row" data-authorization={advice.authorization}>
              <td className="nowrap">{formatDateTime(seconds(advice.created_at), DEFAULT_TIME_ZONE, lang)}</td>
              <td>
                <Badge tone={advice.kind === 'stand_in' ? 'warning' : 'neutral'}>{t(`network.adviceKinds.${advice.kind as 'stand_in' | 'authorization'}`)}</Badge>
              </td>
              <td>
                <span className="mono">{advice.authorization}</span>
                {last4 ? <span className="cell-sub mono">{t('network.cardEnding', { last4 })}</span> : null}
              </td>
              <td className="num nowrap">{formatMoney(advice.decision.amount, advice.decision.currency, lang)}</td>
              <td>
                {advice.decision.approved
                  ? t('network.decided.approved', { code: advice.decision.responseCode })
                  : t('network.decided.declined', { code: advice.decision.responseCode })}
              </td>
              <td>
                <Badge tone={TONES[s] ?? 'neutral'}>{t(`network.adviceStatuses.${s}`)}</Badge>
                <span className="cell-sub">
                  {t('network.advices.attempts')}: {advice.attempts}
                  {s === 'retrying' ? ` · ${t('network.advices.nextAttempt', { when: formatDateTime(seconds(advice.next_attempt_at), DEFAULT_TIME_ZONE, lang) })}` : ''}
                </span>
              </td>
              <td>
                {advice.network_response_code ? (
                  <span>
                    {advice.network_response_code === '00'
                      ? t('network.decision.approved', { code: advice.network_response_code })
                      : t('network.decision.declined', { code: advice.network_response_code })}
                  </span>
                ) : null}
                {advice.rrn ? <span className="cell-sub mono">RRN {advice.rrn}</span> : null}
                {advice.last_error ? <span className="cell-sub danger-text">{advice.last_error}</span> : null}
                {!advice.network_response_code && !advice.last_error ? <span className="muted">{t('common.none')}</span> : null}
              </td>
              <td>
                {s !== 'delivered' ? (
                  <div className="row-actions">
                    <button type="button" className="btn btn--small" disabled={retry.pending} onClick={() => void send(advice)}>
                      {t('network.advices.retry')}
                    </button>
                  </div>
                ) : null}
              </td>
            </tr>
          );
        })}
      </ListTable>
    </section>
  );
}
