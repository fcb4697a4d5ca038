import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useMutation } from '../../hooks/use-command.js';
import type { ItemOf } from '../../hooks/use-paged-list.js';
import type { Translation } from '../../i18n/en.js';
import { useLang } from '../../i18n/i18n.js';
import { Badge } from '../../ui/badge.js';
import { EmptyState, ErrorNotice, SkeletonRows, SuccessNotice } from '../../ui/states.js';
import { isStale, localizedError } from './network-errors.js';
import { PurchaseCell } from './purchase-cell.js';
import { ResolveDialog, type ResolutionOption } from './resolve-dialog.js';
import { canCapture, usePurchase, type Purchase } from './use-purchase.js';
import { useLiveList } from './use-live-list.js';

type Item = ItemOf<'settlement-item-list'>;
type Problem = keyof Translation['network']['problems'];
type Resolution = 'capture' | 'written_off' | 'dismiss';
const RESOLUTIONS: readonly Resolution[] = ['capture', 'written_off', 'dismiss'];

/**
 * The cleared records Kartu could not post by itself, across every import: what the network
 * cleared next to what Kartu holds or captured, the card's last 4 digits, and the resolutions the
 * core offers (capture, write off, dismiss).
 */
export function ExceptionsPanel({ refresh }: { refresh: number }) {
  const { t } = useTranslation();
  const list = useLiveList('settlement-item-list', { status: 'open' }, ['settlement'], refresh);
  const resolve = useMutation('settlement-item-resolve');
  const [target, setTarget] = useState<{ item: Item; purchase: Purchase | undefined } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (resolution: Resolution, note: string | undefined) => {
    if (!target) return;
    const result = await resolve.run({ id: target.item.id, resolution, ...(note ? { note } : {}) });
    if (result) {
      setDone(t('network.exceptions.resolved', { record: target.item.record_id, resolution: t(`network.resolutions.${resolution}`) }));
      setTarget(null);
      list.reload();
    } else {
      list.reload();
    }
  };
  const error = localizedError(t, resolve.error);

  return (
    <section className="panel" aria-labelledby="exceptions-title" data-testid="settlement-exceptions">
      <div className="panel__header">
        <div>
          <h2 id="exceptions-title">{t('network.exceptions.title')}</h2>
          <p className="muted">{t('network.exceptions.text')}</p>
        </div>
      </div>
      {done ? (
        <div className="panel__body">
          <SuccessNotice>{done}</SuccessNotice>
        </div>
      ) : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <EmptyState icon="check" title={t('network.exceptions.empty')} text={t('network.exceptions.emptyText')} /> : null}
      {list.loading || list.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('network.exceptions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.exceptions.problem')}</th>
                <th scope="col" className="num">{t('network.exceptions.cleared')}</th>
                <th scope="col">{t('network.exceptions.kartu')}</th>
                <th scope="col">{t('network.card')}</th>
                <th scope="col">{t('network.exceptions.record')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('network.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.loading ? (
                <SkeletonRows columns={6} />
              ) : (
                list.items.map((item) => (
                  <ExceptionRow
                    key={item.id}
                    item={item}
                    refresh={refresh}
                    onResolve={(purchase) => {
                      resolve.reset();
                      setDone(null);
                      setTarget({ item, purchase });
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
        title={target ? t('network.exceptions.resolveTitle', { record: target.item.record_id }) : ''}
        summary={target ? <ExceptionSummary item={target.item} /> : null}
        options={RESOLUTIONS.map(
          (id): ResolutionOption<Resolution> => ({
            id,
            label: t(`network.resolutions.${id}`),
            hint: t(`network.resolutionHints.${id}`),
            unavailable: id === 'capture' && target && captureRuledOut(target.item, target.purchase) ? t('network.captureNotPossible') : undefined,
            danger: id === 'written_off',
          }),
        )}
        pending={resolve.pending}
        error={error}
        submitLabel={t('network.exceptions.resolve')}
        onSubmit={(resolution, note) => void submit(resolution, note)}
        onClose={() => {
          setTarget(null);
          if (isStale(resolve.error)) list.reload();
        }}
      />
    </section>
  );
}

/** Capture needs a purchase that still holds the amount; while Kartu's side is still loading, the core decides. */
function captureRuledOut(item: Item, purchase: Purchase | undefined): boolean {
  if (item.authorization === null || item.type !== 'capture') return true;
  return purchase !== undefined && !canCapture(purchase, item.type, item.amount);
}

function ExceptionRow({ item, refresh, onResolve }: { item: Item; refresh: number; onResolve(purchase: Purchase | undefined): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const purchase = usePurchase(item.authorization, refresh);
  const problem = item.problem as Problem | null;
  return (
    <tr data-testid="exception-row" data-record={item.record_id}>
      <td>
        {problem ? <Badge tone="warning">{t(`network.problems.${problem}`)}</Badge> : null}
        <span className="cell-sub network-hint" title={item.detail ?? undefined}>
          {problem ? t(`network.problemHints.${problem}`) : item.detail}
        </span>
      </td>
      <td className="num nowrap">
        <span className="cell-strong">{formatMoney(item.amount, item.currency, lang)}</span>
        <span className="cell-sub">{t(`network.types.${item.type as 'capture' | 'refund'}`)}</span>
      </td>
      <td>
        <PurchaseCell purchase={purchase.data} loading={purchase.loading} known={item.authorization !== null} />
      </td>
      <td className="mono nowrap">{t('network.cardEnding', { last4: item.card_last4 })}</td>
      <td>
        <span className="mono">{item.record_id}</span>
        <span className="cell-sub">{formatCalendarDate(item.settled_at.slice(0, 10), lang)}</span>
      </td>
      <td>
        <div className="row-actions">
          <button type="button" className="btn btn--small" onClick={() => onResolve(purchase.data)}>
            {t('network.exceptions.resolve')}
          </button>
        </div>
      </td>
    </tr>
  );
}

function ExceptionSummary({ item }: { item: Item }) {
  const { t } = useTranslation();
  const lang = useLang();
  const problem = item.problem as Problem | null;
  return (
    <dl className="kv">
      <dt>{t('network.exceptions.problem')}</dt>
      <dd>{problem ? `${t(`network.problems.${problem}`)}: ${t(`network.problemHints.${problem}`)}` : item.detail}</dd>
      <dt>{t('network.exceptions.cleared')}</dt>
      <dd>{formatMoney(item.amount, item.currency, lang)}</dd>
      <dt>{t('network.card')}</dt>
      <dd className="mono">{t('network.cardEnding', { last4: item.card_last4 })}</dd>
      {item.detail ? (
        <>
          <dt>{t('network.discrepancies.detail')}</dt>
          <dd className="network-detail">{item.detail}</dd>
        </>
      ) : null}
    </dl>
  );
}
