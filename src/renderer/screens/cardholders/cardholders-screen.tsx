import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import { DEFAULT_TIME_ZONE, formatCalendarDate, formatDate } from '../../format/dates.js';
import { formatPhone } from '../../format/phone.js';
import { useDebounced } from '../../hooks/use-debounced.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang, type Lang } from '../../i18n/i18n.js';
import { hrefOf, useRoute } from '../../state/route.js';
import { Badge, type Tone } from '../../ui/badge.js';
import { Field } from '../../ui/field.js';
import { Flash } from '../../ui/flash.js';
import { Icon } from '../../ui/icons.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, SkeletonRows } from '../../ui/states.js';
import { CardholderDetailScreen } from './cardholder-detail-screen.js';

const COLUMNS = 6;

const KYC_TONES: Record<Cardholder['verification']['status'], Tone> = { verified: 'success', pending: 'info', unverified: 'warning', rejected: 'danger' };

/** #/cardholders lists them; #/cardholders/<id> opens one (the shell sends both here). */
export function CardholdersScreen() {
  const route = useRoute();
  return route.sub && route.sub !== 'new' ? <CardholderDetailScreen key={route.sub} id={route.sub} /> : <CardholderListScreen />;
}

function CardholderListScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim());
  const list = usePagedList('cardholder-list', query ? { query } : {}, ['cardholder']);
  const newButton = (
    <a className="btn btn--primary" href={hrefOf('cardholders', 'new')}>
      <Icon name="plus" className="" size={16} />
      {t('cardholders.new')}
    </a>
  );
  const empty = !list.error && !list.loading && list.items.length === 0;

  return (
    <Screen title={t('cardholders.title')} subtitle={t('cardholders.subtitle')} actions={newButton}>
      <Flash />
      <div className="toolbar toolbar--search" role="search">
        <Field label={t('cardholders.searchLabel')}>
          <input className="input" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('cardholders.searchPlaceholder')} maxLength={100} />
        </Field>
      </div>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {empty && query ? (
        <div className="panel">
          <EmptyState icon="cardholders" title={t('cardholders.noMatches', { query })} />
        </div>
      ) : null}
      {empty && !query ? (
        <div className="panel">
          <EmptyState icon="cardholders" title={t('cardholders.emptyTitle')} text={t('cardholders.emptyText')} action={newButton} />
        </div>
      ) : null}
      {!list.error && !empty ? (
        <div className="panel table-wrap">
          <table className="table" aria-busy={list.loading}>
            <caption className="visually-hidden">{t('cardholders.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cardholders.columns.name')}</th>
                <th scope="col">{t('cardholders.columns.phone')}</th>
                <th scope="col">{t('cardholders.columns.email')}</th>
                <th scope="col">{t('cardholders.columns.birthDate')}</th>
                <th scope="col">{t('cardholders.columns.kyc')}</th>
                <th scope="col">{t('cardholders.columns.created')}</th>
              </tr>
            </thead>
            <tbody>{list.loading ? <SkeletonRows columns={COLUMNS} /> : list.items.map((c) => <CardholderRow key={c.id} holder={c} lang={lang} />)}</tbody>
          </table>
          {list.hasMore ? (
            <div className="table-footer">
              <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
                {list.loadingMore ? t('common.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </Screen>
  );
}

const KNOWN_FIELDS = ['name', 'email', 'phone', 'birth_date', 'national_id', 'address'] as const;

/** The engine names KYC fields by their API names; people read them in their language. */
function fieldName(t: TFunction, field: string): string {
  return (KNOWN_FIELDS as readonly string[]).includes(field) ? t(`cardholders.fieldNames.${field as (typeof KNOWN_FIELDS)[number]}`) : field;
}

function CardholderRow({ holder, lang }: { holder: Cardholder; lang: Lang }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const missing = holder.verification.past_due;
  return (
    <tr>
      <td>
        <a className="cell-strong" href={hrefOf('cardholders', holder.id)} aria-label={t('cardholderDetail.open', { name: holder.name })}>
          {holder.name}
        </a>
        <span className="cell-sub mono">{holder.id}</span>
      </td>
      <td className="nowrap">{holder.phone ? formatPhone(holder.phone) : none}</td>
      <td>{holder.email ?? none}</td>
      <td>{holder.birth_date ? formatCalendarDate(holder.birth_date, lang) : none}</td>
      <td>
        <Badge tone={KYC_TONES[holder.verification.status]}>{t(`cardholders.kyc.${holder.verification.status}`)}</Badge>
        {missing.length > 0 ? <span className="cell-sub">{t('cardholders.missing', { fields: missing.map((field) => fieldName(t, field)).join(', ') })}</span> : null}
      </td>
      <td className="nowrap">{formatDate(holder.created, DEFAULT_TIME_ZONE, lang)}</td>
    </tr>
  );
}
