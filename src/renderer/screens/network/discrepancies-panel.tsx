import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useMutation } from '../../hooks/use-command.js';
import type { ItemOf } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { useApp } from '../../state/app-store.js';
import { Badge } from '../../ui/badge.js';
import { Field } from '../../ui/field.js';
import { EmptyState, ErrorNotice, SkeletonRows, SuccessNotice } from '../../ui/states.js';
import { isStale, localizedError } from './network-errors.js';
import { ResolveDialog, type ResolutionOption } from './resolve-dialog.js';
import { canReverse, usePurchase, type Purchase } from './use-purchase.js';
import { useLiveList } from './use-live-list.js';

type Discrepancy = ItemOf<'network-discrepancy-list'>;
type Kind = 'network_declined' | 'network_approved' | 'response_code_differs';
type Resolution = 'keep' | 'reverse_authorization' | 'written_off';
const RESOLUTIONS: readonly Resolution[] = ['keep', 'reverse_authorization', 'written_off'];
type Status = 'open' | 'resolved';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * Where the network, once reachable again, disagreed with a decision Kartu made alone (stand-in):
 * both decisions side by side, the purchase as Kartu has it now, and the resolutions the core
 * offers (keep, reverse the purchase, write off).
 */
export function DiscrepanciesPanel({ refresh }: { refresh: number }) {
  const { t } = useTranslation();
  const mode = useApp((s) => s.mode);
  const [status, setStatus] = useState<Status>('open');
  const list = useLiveList('network-discrepancy-list', { status }, ['network'], refresh);
  const resolve = useMutation('network-discrepancy-resolve');
  const [target, setTarget] = useState<{ row: Discrepancy; purchase: Purchase | undefined } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const lang = useLang();

  const submit = async (resolution: Resolution, note: string | undefined) => {
    if (!target) return;
    const result = await resolve.run({ id: target.row.id, resolution, ...(note ? { note } : {}) });
    list.reload();
    if (result) {
      setDone(t('network.discrepancies.resolved', { resolution: t(`network.discrepancyResolutions.${resolution}`) }));
      setTarget(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="discrepancies-title" data-testid="network-discrepancies">
      <div className="panel__header">
        <div>
          <h2 id="discrepancies-title">{t('network.discrepancies.title')}</h2>
          <p className="muted">{t('network.discrepancies.text')}</p>
        </div>
        <Field label={t('network.discrepancies.filter')}>
          <select className="select select--compact" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {(['open', 'resolved'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`network.discrepancyStatuses.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {done ? (
        <div className="panel__body">
          <SuccessNotice>{done}</SuccessNotice>
        </div>
      ) : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <EmptyState icon="check" title={t('network.discrepancies.empty')} text={status === 'open' && mode === 'test' ? t('network.discrepancies.emptySandbox') : t('network.discrepancies.emptyText')} />
      ) : null}
      {list.loading || list.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('network.discrepancies.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.discrepancies.kind')}</th>
                <th scope="col" className="num">{t('network.amount')}</th>
                <th scope="col">{t('network.card')}</th>
                <th scope="col">{t('network.discrepancies.kartu')}</th>
                <th scope="col">{t('network.discrepancies.network')}</th>
                <th scope="col">{t('network.when')}</th>
                <th scope="col">{status === 'open' ? <span className="visually-hidden">{t('network.actions')}</span> : t('network.resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {list.loading ? (
                <SkeletonRows columns={7} />
              ) : (
                list.items.map((row) => (
                  <DiscrepancyRow
                    key={row.id}
                    row={row}
                    onResolve={(purchase) => {
                      resolve.reset();
                      setDone(null);
                      setTarget({ row, purchase });
                    }}
                  />
                ))
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.hasMore ? (
        <div className="table-footer">
          <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
            {list.loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      ) : null}
      <ResolveDialog<Resolution>
        open={target !== null}
        title={target ? t('network.discrepancies.resolveTitle', { amount: formatMoney(target.row.amount, target.row.currency, lang) }) : ''}
        summary={target ? <p className="network-detail">{target.row.detail}</p> : null}
        options={RESOLUTIONS.map(
          (id): ResolutionOption<Resolution> => ({
            id,
            label: t(`network.discrepancyResolutions.${id}`),
            hint: t(`network.discrepancyHints.${id}`),
            unavailable: id === 'reverse_authorization' && target && target.purchase !== undefined && !canReverse(target.purchase) ? t('network.reverseNotPossible') : undefined,
            danger: id !== 'keep',
          }),
        )}
        pending={resolve.pending}
        error={localizedError(t, resolve.error)}
        submitLabel={t('network.discrepancies.resolve')}
        onSubmit={(resolution, note) => void submit(resolution, note)}
        onClose={() => {
          setTarget(null);
          if (isStale(resolve.error)) list.reload();
        }}
      />
    </section>
  );
}

function DiscrepancyRow({ row, onResolve }: { row: Discrepancy; onResolve(purchase: Purchase | undefined): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const purchase = usePurchase(row.authorization, 0);
  const decided = (d: { approved: boolean; response_code: string }, key: 'decided' | 'decision') =>
    d.approved ? t(`network.${key}.approved`, { code: d.response_code }) : t(`network.${key}.declined`, { code: d.response_code });
  const last4 = purchase.data?.card_last4;
  return (
    <tr data-testid="discrepancy-row" data-authorization={row.authorization}>
      <td>
        <Badge tone={row.status === 'open' ? 'danger' : 'neutral'}>{t(`network.discrepancyKinds.${row.kind as Kind}`)}</Badge>
        <span className="cell-sub mono">{row.authorization}</span>
      </td>
      <td className="num nowrap cell-strong">{formatMoney(row.amount, row.currency, lang)}</td>
      <td className="mono nowrap">{last4 ? t('network.cardEnding', { last4 }) : purchase.loading ? t('common.loading') : t('network.noCard')}</td>
      <td>{decided(row.local, 'decided')}</td>
      <td>{decided(row.network, 'decision')}</td>
      <td className="nowrap">{formatDateTime(seconds(row.created_at), DEFAULT_TIME_ZONE, lang)}</td>
      <td>
        {row.status === 'open' ? (
          <div className="row-actions">
            <button type="button" className="btn btn--small" onClick={() => onResolve(purchase.data)}>
              {t('network.discrepancies.resolve')}
            </button>
          </div>
        ) : (
          <span>
            {t(`network.discrepancyResolutions.${row.resolution as Resolution}`)}
            <span className="cell-sub">
              {row.resolved_by}
              {row.resolution_note ? ` · ${row.resolution_note}` : ''}
            </span>
          </span>
        )}
      </td>
    </tr>
  );
}
