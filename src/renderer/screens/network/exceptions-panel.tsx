import { useTranslation } from 'react-i18next';
import { formatCalendarDate } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useMutation } from '../../hooks/use-command.js';
import type { ItemOf } from '../../hooks/use-paged-list.js';
import type { Translation } from '../../i18n/en.js';
import { useLang } from '../../i18n/i18n.js';
import { Badge } from '../../ui/badge.js';
import { pagedState, ListTable } from '../../ui/list-table.js';
import { EmptyState } from '../../ui/states.js';
import { DoneNotice } from './done-notice.js';
import { PurchaseCell } from './purchase-cell.js';
import { ResolveDialog, type ResolutionOption } from './resolve-dialog.js';
import { canCapture, usePurchase, type Purchase } from './use-purchase.js';
import { useLiveList } from './use-live-list.js';
import { useResolve } from './use-resolve.js';

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
  const flow = useResolve<{ item: Item; purchase: Purchase | undefined }, Resolution>(
    resolve,
    ({ item }, resolution, note) => resolve.run({ id: item.id, resolution, ...(note ? { note } : {}) }),
    list.reload,
    ({ item }, resolution) => t('network.exceptions.resolved', { record: item.record_id, resolution: t(`network.resolutions.${resolution}`) }),
  );
  const target = flow.target;

  return (
    <section className="panel" aria-labelledby="exceptions-title" data-testid="settlement-exceptions">
      <div className="panel__header">
        <div>
          <h2 id="exceptions-title">{t('network.exceptions.title')}</h2>
          <p className="muted">{t('network.exceptions.text')}</p>
        </div>
      </div>
      <DoneNotice text={flow.done} />
      <ListTable
        inPanel
        state={pagedState(list)}
        empty={<EmptyState icon="check" title={t('network.exceptions.empty')} text={t('network.exceptions.emptyText')} />}
        caption={t('network.exceptions.title')}
        head={
          <>
            <th scope="col">{t('network.exceptions.problem')}</th>
            <th scope="col" className="num">{t('network.exceptions.cleared')}</th>
            <th scope="col">{t('network.exceptions.kartu')}</th>
            <th scope="col">{t('network.card')}</th>
            <th scope="col">{t('network.exceptions.record')}</th>
          </>
        }
        actionsLabel={t('network.actions')}
        columns={6}
      >
        {list.items.map((item) => (
          <ExceptionRow key={item.id} item={item} refresh={refresh} onResolve={(purchase) => flow.start({ item, purchase })} />
        ))}
      </ListTable>
      <ResolveDialog<Resolution>
        {...flow.dialog}
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
        submitLabel={t('network.exceptions.resolve')}
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
