import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatCalendarDate, formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import type { ItemOf } from '../../hooks/use-paged-list.js';
import type { Translation } from '../../i18n/en.js';
import { useLang } from '../../i18n/i18n.js';
import { Badge, type Tone } from '../../ui/badge.js';
import { Field } from '../../ui/field.js';
import { pagedState, ListTable } from '../../ui/list-table.js';
import { EmptyState } from '../../ui/states.js';
import { useLiveList } from './use-live-list.js';

export type ImportRow = ItemOf<'settlement-import-list'>;
type Item = ItemOf<'settlement-item-list'>;
type ItemStatus = 'open' | 'matched' | 'resolved';
type Problem = keyof Translation['network']['problems'];
const ITEM_STATUSES: readonly ItemStatus[] = ['open', 'matched', 'resolved'];
const STATUS_TONES: Record<ItemStatus, Tone> = { open: 'warning', matched: 'success', resolved: 'info' };

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Each imported file with what it matched; choosing one shows its items (and narrows the exceptions to it). */
export function ImportsPanel({ selected, onSelect, refresh }: { selected: string | null; onSelect(id: string | null): void; refresh: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useLiveList('settlement-import-list', {}, ['settlement'], refresh);
  const chosen = list.items.find((row) => row.id === selected) ?? null;
  return (
    <section className="panel" aria-labelledby="imports-title">
      <div className="panel__header">
        <h2 id="imports-title">{t('network.imports.title')}</h2>
      </div>
      <ListTable
        inPanel
        state={pagedState(list)}
        empty={<EmptyState icon="inbox" title={t('network.imports.empty')} text={t('network.imports.emptyText')} />}
        caption={t('network.imports.title')}
        testId="settlement-imports"
        head={
          <>
            <th scope="col">{t('network.imports.file')}</th>
            <th scope="col" className="num">{t('network.imports.records')}</th>
            <th scope="col" className="num">{t('network.imports.matched')}</th>
            <th scope="col" className="num">{t('network.imports.exceptions')}</th>
            <th scope="col" className="num">{t('network.imports.total')}</th>
            <th scope="col">{t('network.imports.importedAt')}</th>
          </>
        }
        actionsLabel={t('network.actions')}
        columns={7}
      >
        {list.items.map((row) => (
          <tr key={row.id} className={row.id === selected ? 'network-row--selected' : undefined}>
            <td>
              <span className="mono network-file-id" title={row.file_id}>
                {row.file_id}
              </span>
              <span className="cell-sub">
                {row.format === 'csv' ? 'CSV' : (row.network ?? row.format)}
                {row.settlement_date ? ` · ${t('network.imports.settlementDate')} ${formatCalendarDate(row.settlement_date, lang)}` : ''}
              </span>
            </td>
            <td className="num">{row.records}</td>
            <td className="num">{row.matched}</td>
            <td className="num">{row.exceptions > 0 ? <Badge tone="warning">{String(row.exceptions)}</Badge> : '0'}</td>
            <td className="num nowrap">
              {Object.entries(row.total_amount).map(([currency, amount]) => (
                <span key={currency} className="network-line">
                  {formatMoney(amount, currency, lang)}
                </span>
              ))}
            </td>
            <td className="nowrap">
              {formatDateTime(seconds(row.created_at), DEFAULT_TIME_ZONE, lang)}
            </td>
            <td>
              <div className="row-actions">
                <button type="button" className="btn btn--small" aria-pressed={row.id === selected} onClick={() => onSelect(row.id === selected ? null : row.id)}>
                  {row.id === selected ? t('network.imports.shown') : t('network.imports.show')}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </ListTable>
      {chosen ? <ImportItems row={chosen} refresh={refresh} onClose={() => onSelect(null)} /> : null}
    </section>
  );
}

/** Every item of one import, by status: what was captured, already settled, or still open. */
function ImportItems({ row, refresh, onClose }: { row: ImportRow; refresh: number; onClose(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [status, setStatus] = useState<ItemStatus | ''>('');
  const list = useLiveList('settlement-item-list', { import: row.id, ...(status ? { status } : {}) }, ['settlement'], refresh);
  const where = (item: Item) => (row.format === 'csv' ? t('network.import.line', { line: item.line }) : t('network.import.record', { line: item.line }));
  return (
    <section className="network-items" aria-labelledby="items-title" data-testid="settlement-items">
      <div className="panel__header">
        <h3 id="items-title" className="network-items__title" title={row.file_id}>
          {t('network.items.title', { file: row.file_id })}
        </h3>
        <div className="network-filters">
          <Field label={t('network.items.filter')}>
            <select className="select select--compact" value={status} onChange={(e) => setStatus(e.target.value as ItemStatus | '')}>
              <option value="">{t('network.items.allStatuses')}</option>
              {ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`network.itemStatuses.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <button type="button" className="btn btn--small" onClick={onClose}>
            {t('network.items.close')}
          </button>
        </div>
      </div>
      <ListTable
        inPanel
        state={pagedState(list)}
        empty={<EmptyState icon="inbox" title={t('network.items.empty')} />}
        caption={t('network.items.title', { file: row.file_id })}
        head={
          <>
            <th scope="col">{t('network.items.record')}</th>
            <th scope="col">{t('network.items.type')}</th>
            <th scope="col">{t('network.card')}</th>
            <th scope="col" className="num">{t('network.amount')}</th>
            <th scope="col">{t('network.items.outcome')}</th>
            <th scope="col">{t('network.status')}</th>
          </>
        }
        columns={6}
      >
        {list.items.map((item) => (
          <tr key={item.id}>
            <td>
              <span className="mono">{item.record_id}</span>
              <span className="cell-sub">
                {where(item)}
                {item.authorization ? ` · ${item.authorization}` : ''}
              </span>
            </td>
            <td>{t(`network.types.${item.type as 'capture' | 'refund'}`)}</td>
            <td className="mono nowrap">{t('network.cardEnding', { last4: item.card_last4 })}</td>
            <td className="num nowrap">{formatMoney(item.amount, item.currency, lang)}</td>
            <td>
              {item.problem ? t(`network.problems.${item.problem as Problem}`) : t(`network.outcomes.${item.outcome as 'captured' | 'refunded' | 'already_settled' | 'exception'}`)}
              {item.resolution ? <span className="cell-sub">{t(`network.resolutions.${item.resolution as 'capture' | 'written_off' | 'dismiss'}`)}</span> : null}
            </td>
            <td>
              <Badge tone={STATUS_TONES[item.status as ItemStatus] ?? 'neutral'}>{t(`network.itemStatuses.${item.status as ItemStatus}`)}</Badge>
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
