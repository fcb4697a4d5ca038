import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useApp } from '../../state/app-store.js';
import { Badge, type Tone } from '../../ui/badge.js';
import { Field } from '../../ui/field.js';
import { pagedState, ListTable } from '../../ui/list-table.js';
import { EmptyState, ErrorNotice, SuccessNotice } from '../../ui/states.js';

type OutboxStatus = 'pending' | 'retrying' | 'delivered' | 'failed';
const STATUSES: OutboxStatus[] = ['failed', 'retrying', 'pending', 'delivered'];
const TONES: Record<OutboxStatus, Tone> = { pending: 'info', retrying: 'warning', delivered: 'success', failed: 'danger' };

/** The network queue (what still has to reach the card network) and, in the sandbox, its simulator. */
export function NetworkSection() {
  const { t } = useTranslation();
  const mode = useApp((s) => s.mode);
  const summary = useQuery('outbox-summary', {}, ['card']);
  const [status, setStatus] = useState<OutboxStatus>('failed');
  const list = usePagedList('outbox-list', { status }, ['card']);
  const retry = useMutation('outbox-retry');
  const counts = summary.data ?? { pending: 0, retrying: 0, delivered: 0, failed: 0 };
  const waiting = (counts.pending ?? 0) + (counts.retrying ?? 0) + (counts.failed ?? 0);

  return (
    <section className="stack" aria-labelledby="network-title">
      <div>
        <h2 id="network-title">{t('settingsMore.tabs.network')}</h2>
        <p className="muted">{t('settingsMore.network.text')}</p>
      </div>
      {summary.error ? <ErrorNotice error={summary.error} onRetry={summary.reload} /> : null}
      <div className="stat-grid" data-testid="outbox-summary">
        {STATUSES.map((s) => (
          <div key={s} className="panel stat-card">
            <span className="stat-card__label">{t(`settingsMore.network.${s}`)}</span>
            <span className="stat-card__value">{counts[s] ?? 0}</span>
          </div>
        ))}
      </div>
      <p className={waiting === 0 ? 'notice notice--success' : 'notice notice--info'} role="status">
        {waiting === 0 ? t('settingsMore.network.healthy') : t('settingsMore.network.behind', { count: waiting })}
      </p>
      <section className="panel" aria-labelledby="queue-title">
        <div className="panel__header">
          <h3 id="queue-title">{t('settingsMore.network.queue')}</h3>
          <Field label={t('settingsMore.network.filter')}>
            <select className="select select--compact" value={status} onChange={(e) => setStatus(e.target.value as OutboxStatus)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`settingsMore.network.${s}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {retry.error ? <ErrorNotice error={retry.error} /> : null}
        <ListTable
          inPanel
          state={pagedState(list)}
          empty={<EmptyState icon="inbox" title={t('settingsMore.network.empty')} />}
          caption={t('settingsMore.network.queue')}
          head={
            <>
              <th scope="col">{t('settingsMore.network.columns.kind')}</th>
              <th scope="col">{t('settingsMore.network.columns.card')}</th>
              <th scope="col">{t('settingsMore.network.columns.status')}</th>
              <th scope="col">{t('settingsMore.network.columns.attempts')}</th>
              <th scope="col">{t('settingsMore.network.columns.error')}</th>
            </>
          }
          actionsLabel={t('settingsMore.network.columns.actions')}
          columns={6}
        >
          {list.items.map((m) => (
            <tr key={m.id}>
              <td className="mono">{m.kind}</td>
              <td className="mono">{m.card}</td>
              <td>
                <Badge tone={TONES[m.status as OutboxStatus] ?? 'neutral'}>{t(`settingsMore.network.${m.status as OutboxStatus}`)}</Badge>
              </td>
              <td>{m.attempts}</td>
              <td className="muted">{m.last_error ?? t('common.none')}</td>
              <td>
                {m.status !== 'delivered' ? (
                  <button
                    type="button"
                    className="btn btn--small"
                    disabled={retry.pending}
                    onClick={() =>
                      void retry.run({ id: m.id }).then((r) => {
                        if (r) {
                          list.reload();
                          summary.reload();
                        }
                      })
                    }
                  >
                    {t('settingsMore.network.retry')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
      {mode === 'test' ? <NetworkSimulator /> : <p className="muted">{t('settingsMore.network.liveOnlySandbox')}</p>}
    </section>
  );
}

function NetworkSimulator() {
  const { t } = useTranslation();
  const current = useQuery('sandbox-network-get', {});
  const set = useMutation('sandbox-network-set');
  const [outage, setOutage] = useState(false);
  const [failure, setFailure] = useState('0');
  const [latency, setLatency] = useState('0');
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!current.data) return;
    setOutage(current.data.outage);
    setFailure(String(Math.round(current.data.failure_rate * 100)));
    setLatency(String(current.data.latency_ms));
  }, [current.data]);
  const apply = async () => {
    setDone(false);
    const result = await set.run({ outage, failure_rate: Math.min(100, Math.max(0, Number(failure) || 0)) / 100, latency_ms: Math.max(0, Math.round(Number(latency) || 0)) });
    if (result) {
      setDone(true);
      current.reload();
    }
  };
  return (
    <section className="panel panel__body" aria-labelledby="simulator-title">
      <h3 id="simulator-title">{t('settingsMore.network.simulator')}</h3>
      <p className="muted">{t('settingsMore.network.simulatorText')}</p>
      {done ? <SuccessNotice>{t('settingsMore.network.applied')}</SuccessNotice> : null}
      {current.error ?? set.error ? <ErrorNotice error={(current.error ?? set.error)!} /> : null}
      <label className="check-row">
        <input type="checkbox" checked={outage} onChange={(e) => setOutage(e.target.checked)} />
        {t('settingsMore.network.outage')}
      </label>
      <div className="form__row">
        <Field label={`${t('settingsMore.network.failureRate')} (%)`}>
          <input className="input mono" inputMode="numeric" value={failure} onChange={(e) => setFailure(e.target.value)} />
        </Field>
        <Field label={t('settingsMore.network.latency')}>
          <input className="input mono" inputMode="numeric" value={latency} onChange={(e) => setLatency(e.target.value)} />
        </Field>
      </div>
      <div>
        <button type="button" className="btn btn--primary" onClick={() => void apply()} disabled={set.pending}>
          {t('settingsMore.network.apply')}
        </button>
      </div>
    </section>
  );
}
