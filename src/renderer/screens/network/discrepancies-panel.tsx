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
import { pagedState, ListTable } from '../../ui/list-table.js';
import { EmptyState } from '../../ui/states.js';
import { DoneNotice } from './done-notice.js';
import { ResolveDialog, type ResolutionOption } from './resolve-dialog.js';
import { canReverse, usePurchase, type Purchase } from './use-purchase.js';
import { useLiveList } from './use-live-list.js';
import { useResolve } from './use-resolve.js';

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
  const flow = useResolve<{ row: Discrepancy; purchase: Purchase | undefined }, Resolution>(
    resolve,
    ({ row }, resolution, note) => resolve.run({ id: row.id, resolution, ...(note ? { note } : {}) }),
    list.reload,
    (_, resolution) => t('network.discrepancies.resolved', { resolution: t(`network.discrepancyResolutions.${resolution}`) }),
  );
  const target = flow.target;
  const lang = useLang();

  return (
    <section className="panel" aria-labelledby="discrepancies-title" data-testid="network-discrepancies">
      <div className="panel__header">
        <div>
          <h2 id="discrepancies-title">{t('network.discrepancies.title')}</h2>
          <p className="muted">{t('network.discrepancies.text')}</p>
        </div>
        <div className="network-filters">
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
      </div>
      <DoneNotice text={flow.done} />
      <ListTable
        inPanel
        state={pagedState(list)}
        empty={<EmptyState icon="check" title={t('network.discrepancies.empty')} text={status === 'open' && mode === 'test' ? t('network.discrepancies.emptySandbox') : t('network.discrepancies.emptyText')} />}
        caption={t('network.discrepancies.title')}
        head={
          <>
            <th scope="col">{t('network.discrepancies.kind')}</th>
            <th scope="col" className="num">{t('network.amount')}</th>
            <th scope="col">{t('network.card')}</th>
            <th scope="col">{t('network.discrepancies.kartu')}</th>
            <th scope="col">{t('network.discrepancies.network')}</th>
            <th scope="col">{t('network.when')}</th>
            <th scope="col">{status === 'open' ? <span className="visually-hidden">{t('network.actions')}</span> : t('network.resolution')}</th>
          </>
        }
        columns={7}
      >
        {list.items.map((row) => (
          <DiscrepancyRow key={row.id} row={row} onResolve={(purchase) => flow.start({ row, purchase })} />
        ))}
      </ListTable>
      <ResolveDialog<Resolution>
        {...flow.dialog}
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
        submitLabel={t('network.discrepancies.resolve')}
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
