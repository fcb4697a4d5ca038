import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Authorization } from '../../../core/authorization/authorization.js';
import { useInfiniteList } from '../../hooks/use-infinite-list.js';
import { useRoute } from '../../state/route.js';
import { Field } from '../../ui/field.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import { CardholderPicker, type PickedHolder } from '../cardholders/cardholder-picker.js';
import { maskedNumber } from '../cards/card-labels.js';
import { useProgramIndex } from '../cards/use-program-index.js';
import { AuthorizationDetail } from './authorization-detail.js';
import { AuthorizationTable } from './authorization-table.js';
import { LiveFeed } from './live-feed.js';

type Decision = '' | 'approved' | 'declined';
type Status = '' | Authorization['status'];

/** The live feed, then every decision, filtered on the engine's side and read page by page. */
export function TransactionsScreen() {
  const { t } = useTranslation();
  const route = useRoute();
  const programs = useProgramIndex();
  const [program, setProgram] = useState(route.params.get('program') ?? '');
  const [decision, setDecision] = useState<Decision>((route.params.get('decision') as Decision | null) ?? '');
  const [status, setStatus] = useState<Status>('');
  // Opened from a cardholder's page ("See all transactions"): that person's purchases, as a removable chip.
  const [holder, setHolder] = useState<PickedHolder | null>(route.params.get('cardholder') ? { id: route.params.get('cardholder')!, name: route.params.get('name') ?? route.params.get('cardholder')! } : null);
  const [card, setCard] = useState<{ id: string; last4: string } | null>(route.params.get('card') ? { id: route.params.get('card')!, last4: route.params.get('last4') ?? '????' } : null);
  const [selected, setSelected] = useState<string | null>(route.params.get('id'));
  const scrollRef = useRef<HTMLDivElement>(null);
  const atTop = useCallback(() => (scrollRef.current?.scrollTop ?? 0) < 8, []);

  const filters = useMemo(
    () => ({
      ...(program ? { program } : {}),
      ...(decision ? { approved: decision === 'approved' } : {}),
      ...(status ? { status } : {}),
      ...(holder ? { cardholder: holder.id } : {}),
      ...(card ? { card: card.id } : {}),
    }),
    [program, decision, status, holder, card],
  );
  const list = useInfiniteList('authorization-list', filters, ['authorization'], atTop);
  const filtered = Object.keys(filters).length > 0;
  const selectedItem = list.items.find((a) => a.id === selected);
  const zone = (selectedItem?.program ? programs.byId.get(selectedItem.program)?.timezone : undefined) ?? undefined;

  const clear = () => {
    setProgram('');
    setDecision('');
    setStatus('');
    setHolder(null);
    setCard(null);
  };

  return (
    <Screen title={t('transactions.title')} subtitle={t('transactions.subtitle')}>
      <LiveFeed onOpen={setSelected} programs={programs.byId} />
      <div className="toolbar" role="search" aria-label={t('transactions.filters.label')}>
        <Field label={t('transactions.filters.program')}>
          <select className="select" value={program} onChange={(e) => setProgram(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {programs.list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('transactions.filters.decision')}>
          <select className="select" value={decision} onChange={(e) => setDecision(e.target.value as Decision)}>
            <option value="">{t('common.all')}</option>
            <option value="approved">{t('transactions.filters.approved')}</option>
            <option value="declined">{t('transactions.filters.declined')}</option>
          </select>
        </Field>
        <Field label={t('transactions.filters.status')}>
          <select className="select" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="">{t('common.all')}</option>
            {(['pending', 'closed', 'reversed', 'expired'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`transactions.status.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <CardholderPicker label={t('transactions.filters.search')} placeholder={t('transactions.filters.searchPlaceholder')} onPick={setHolder} />
      </div>
      {holder || card || filtered ? (
        <div className="chips">
          {holder ? (
            <button type="button" className="chip" onClick={() => setHolder(null)} aria-label={t('transactions.filters.remove', { name: holder.name })}>
              {t('transactions.filters.for', { name: holder.name })} ✕
            </button>
          ) : null}
          {card ? (
            <button type="button" className="chip" onClick={() => setCard(null)} aria-label={t('transactions.filters.remove', { name: maskedNumber(card.last4) })}>
              {t('transactions.filters.forCard', { number: maskedNumber(card.last4) })} ✕
            </button>
          ) : null}
          <button type="button" className="link-button" onClick={clear}>
            {t('transactions.filters.clear')}
          </button>
        </div>
      ) : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <div className={selected ? 'split split--detail' : ''}>
        <div className="panel">
          {list.waiting > 0 ? (
            <div className="table-banner">
              <button
                type="button"
                className="btn btn--small btn--primary"
                onClick={() => {
                  list.showWaiting();
                  scrollRef.current?.scrollTo({ top: 0 });
                }}
              >
                {t('transactions.newItems', { count: list.waiting })}
              </button>
            </div>
          ) : null}
          {list.loading ? <Loading /> : null}
          {!list.loading && !list.error && list.items.length === 0 ? (
            filtered ? <EmptyState icon="transactions" title={t('transactions.emptyFiltered')} /> : <EmptyState icon="transactions" title={t('transactions.emptyTitle')} text={t('transactions.emptyText')} />
          ) : null}
          {!list.loading && list.items.length > 0 ? (
            <>
              <AuthorizationTable
                items={list.items}
                hasMore={list.hasMore}
                loadingMore={list.loadingMore}
                onEnd={list.loadMore}
                selected={selected}
                onSelect={setSelected}
                programs={programs.byId}
                scrollRef={scrollRef}
                label={t('transactions.title')}
              />
              <p className="table-footer muted" aria-live="polite">
                {list.hasMore ? t('transactions.countMore', { count: list.items.length }) : t('transactions.count', { count: list.items.length })}
              </p>
            </>
          ) : null}
        </div>
        {selected ? (
          <div className="sticky">
            <AuthorizationDetail key={selected} id={selected} {...(zone ? { timeZone: zone } : {})} onClose={() => setSelected(null)} />
          </div>
        ) : null}
      </div>
    </Screen>
  );
}
