import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime, formatExpiry } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { hrefOf, useRoute } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { DecisionBadge, reasonText } from '../../ui/decision.js';
import { Modal } from '../../ui/modal.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading, SkeletonRows, SuccessNotice } from '../../ui/states.js';
import { Tabs } from '../../ui/tabs.js';
import { pointsActivityText } from './points-activity.js';
import { CardLink } from '../../ui/record-links.js';
import { CardFace } from '../programs/card-face.js';
import { ControlsSummary } from '../rules/controls-summary.js';
import { AuthorizationDetail } from '../transactions/authorization-detail.js';
import { CardActions } from './card-actions.js';
import { maskedNumber, STATUS_TONES } from './card-labels.js';
import { useCardBrand } from './use-card-brand.js';
import { kycByKind } from '../cardholders/kyc-by-kind.js';

type TabId = 'overview' | 'transactions' | 'rewards' | 'history';
const KYC_FIELDS = ['name', 'email', 'phone', 'birth_date', 'national_id', 'address'] as const;

function fieldName(t: TFunction, field: string): string {
  return (KYC_FIELDS as readonly string[]).includes(field) ? t(`cardholders.fieldNames.${field as (typeof KYC_FIELDS)[number]}`) : field;
}

/** One card: its face and state, what can be done to it, its purchases, points and history. */
export function CardDetailScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const route = useRoute();
  const [tab, setTab] = useState<TabId>('overview');
  const card = useQuery('card-get', { id }, ['card', 'authorization', 'transaction']);
  const c = card.data;
  const program = useQuery('program-get', c ? { id: c.program } : null, ['program']);
  const holder = useQuery('cardholder-get', c ? { id: c.cardholder } : null, ['cardholder']);
  const locations = useQuery('location-list', {}, ['location']);
  const brand = useCardBrand(c?.design, program.data);
  const locationNames = useMemo(() => new Map((locations.data?.data ?? []).flatMap((l) => [[l.id, l.name] as const, [l.merchant_id, l.name] as const])), [locations.data]);

  if (card.loading && !c) return <Screen title={t('cards.title')}><Loading /></Screen>;
  if (card.error || !c) {
    return (
      <Screen title={t('cards.title')}>
        {card.error?.type === 'not_found' ? <EmptyState icon="cards" title={t('cardDetail.notFound')} /> : card.error ? <ErrorNotice error={card.error} onRetry={card.reload} /> : null}
      </Screen>
    );
  }

  const zone = program.data?.timezone ?? DEFAULT_TIME_ZONE;
  const number = maskedNumber(c.last4);
  const money = (n: number) => formatMoney(n, c.currency, lang);
  const past = holder.data?.verification.past_due ?? [];
  // What full KYC lacks is not what this card lacks: a loyalty card needs a name and a phone, not a NIK.
  // Said in red only when this card's own kind misses something.
  const forCard = holder.data && program.data ? [...new Set((kycByKind(holder.data, [program.data]).find((k) => k.kind === program.data!.kind)?.problems ?? []).map((p) => p.field))] : past;
  const tabs = [
    { id: 'overview' as const, label: t('cardDetail.tabs.overview') },
    { id: 'transactions' as const, label: t('cardDetail.tabs.transactions') },
    { id: 'rewards' as const, label: t('cardDetail.tabs.rewards') },
    { id: 'history' as const, label: t('cardDetail.tabs.history') },
  ];

  return (
    <Screen
      title={`${number} · ${c.cardholder_name}`}
      subtitle={program.data?.name}
      actions={
        <a className="btn" href={hrefOf('cards')}>
          {t('cardDetail.back')}
        </a>
      }
    >
      {route.params.get('replaced') ? <SuccessNotice>{t('cardDetail.replaced', { number })}</SuccessNotice> : null}
      <div className="card-hero panel panel__body">
        {brand ? (
          <CardFace
            className="card-face card-hero__face"
            brand={brand}
            title={t('cards.cardLabel', { last4: c.last4 })}
            text={{ kindLabel: program.data ? t(`programs.kinds.${program.data.kind}`) : '', cardholderName: c.cardholder_name, last4: c.last4, expiry: formatExpiry(c.exp_month, c.exp_year) }}
          />
        ) : null}
        <div className="card-hero__facts">
          <p>
            <Badge tone={STATUS_TONES[c.status]}>{t(`cards.status.${c.status}`)}</Badge>{' '}
            {c.cancellation_reason ? <span className="muted">{t('cardDetail.canceledBecause', { reason: t(`cardDetail.reasons.${c.cancellation_reason}`) })}</span> : null}
          </p>
          <dl className="kv">
            <dt>{t('cardDetail.holder')}</dt>
            <dd>{c.cardholder_name}</dd>
            <dt>{t('cardDetail.type')}</dt>
            <dd>{t(`cards.types.${c.type}`)}</dd>
            <dt>{t('cardDetail.expires')}</dt>
            <dd className="mono">{formatExpiry(c.exp_month, c.exp_year)}</dd>
            <dt>{t('cardDetail.issued')}</dt>
            <dd>{formatDate(c.created, zone, lang)}</dd>
            {c.balance ? (
              <>
                <dt>{t('cardDetail.balance')}</dt>
                <dd data-testid="card-balance">
                  {money(c.balance.available)}
                  {c.balance.pending > 0 ? <span className="field__hint">{t('cardDetail.pendingBalance', { amount: money(c.balance.pending) })}</span> : null}
                </dd>
              </>
            ) : null}
            {c.shipping ? (
              <>
                <dt>{t('cardDetail.shipping')}</dt>
                <dd>{t(`cardDetail.shippingStatus.${c.shipping.status}`)}</dd>
              </>
            ) : null}
            {c.replacement_for ? (
              <>
                <dt />
                <dd>
                  <CardLink id={c.replacement_for} text={(number) => t('cardDetail.replacementFor', { id: number })} />
                </dd>
              </>
            ) : null}
            {c.replaced_by ? (
              <>
                <dt />
                <dd>
                  <CardLink id={c.replaced_by} text={(number) => t('cardDetail.replacedBy', { id: number })} />
                </dd>
              </>
            ) : null}
          </dl>
        </div>
      </div>

      <Tabs<TabId> tabs={tabs} current={tab} onChange={setTab} label={t('cardDetail.tabs.label')}>
        {tab === 'overview' ? (
          <div className="grid-2">
            <section className="panel panel__body" aria-labelledby="card-actions-title">
              <h2 id="card-actions-title">{t('cardDetail.actions.title')}</h2>
              <CardActions card={c} onChanged={card.reload} />
            </section>
            <div className="stack">
              <section className="panel panel__body" aria-labelledby="kyc-title">
                <h2 id="kyc-title">{t('cardDetail.kyc.title')}</h2>
                {holder.data ? (
                  <>
                    <p>
                      <Badge tone={holder.data.verification.status === 'verified' ? 'success' : holder.data.verification.status === 'rejected' ? 'danger' : 'warning'}>
                        {t(`cardholders.kyc.${holder.data.verification.status}`)}
                      </Badge>
                    </p>
                    <p className={forCard.length ? 'danger-text' : 'muted'} data-testid="kyc-missing">
                      {forCard.length
                        ? t('cardDetail.kyc.missing', { fields: forCard.map((f) => fieldName(t, f)).join(', ') })
                        : past.length
                          ? t('cardDetail.kyc.enoughForCard', { fields: past.map((f) => fieldName(t, f)).join(', ') })
                          : t('cardDetail.kyc.complete')}
                    </p>
                  </>
                ) : holder.error ? (
                  <ErrorNotice error={holder.error} />
                ) : (
                  <Loading />
                )}
              </section>
              <section className="panel panel__body" aria-labelledby="controls-title">
                <h2 id="controls-title">{t('cardDetail.controls.title')}</h2>
                <ControlsSummary controls={c.spending_controls} currency={c.currency} locationNames={locationNames} />
              </section>
            </div>
          </div>
        ) : null}
        {tab === 'transactions' ? <CardTransactions cardId={c.id} last4={c.last4} zone={zone} /> : null}
        {tab === 'rewards' ? <CardRewards cardholder={c.cardholder} program={c.program} currency={c.currency} zone={zone} /> : null}
        {tab === 'history' ? <CardHistory cardId={c.id} zone={zone} /> : null}
      </Tabs>
    </Screen>
  );
}

function CardTransactions({ cardId, last4, zone }: { cardId: string; last4: string; zone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = usePagedList('authorization-list', { card: cardId }, ['authorization']);
  const [open, setOpen] = useState<string | null>(null);
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.loading && list.items.length === 0) return <div className="panel"><EmptyState icon="transactions" title={t('cardDetail.transactionsEmpty')} /></div>;
  return (
    <div className="panel table-wrap">
      <table className="table" aria-busy={list.loading}>
        <caption className="visually-hidden">{t('cardDetail.tabs.transactions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('transactions.columns.time')}</th>
            <th scope="col">{t('transactions.columns.merchant')}</th>
            <th scope="col" className="num">
              {t('transactions.columns.amount')}
            </th>
            <th scope="col">{t('transactions.columns.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {list.loading ? (
            <SkeletonRows columns={4} />
          ) : (
            list.items.map((a) => (
              <tr key={a.id}>
                <td className="nowrap">
                  <button type="button" className="link-button" onClick={() => setOpen(a.id)}>
                    {formatDateTime(a.created, zone, lang)}
                  </button>
                </td>
                <td>
                  <span className="cell-strong">{a.merchant.name}</span>
                  {!a.approved ? <span className="cell-sub danger-text">{reasonText(t, a.decline_reason)}</span> : null}
                </td>
                <td className="num nowrap">{formatMoney(a.approved ? a.amount : a.requested_amount, a.currency, lang)}</td>
                <td>
                  <DecisionBadge approved={a.approved} code={a.response_code} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <div className="table-footer">
        {list.hasMore ? (
          <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
            {list.loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        ) : null}
        <a className="btn btn--ghost" href={hrefOf('transactions', undefined, { card: cardId, last4 })}>
          {t('cardDetail.actions.seeTransactions')}
        </a>
      </div>
      <Modal open={open !== null} title={t('transactions.detail.title')} onClose={() => setOpen(null)} wide>
        {open ? <AuthorizationDetail id={open} timeZone={zone} onClose={() => setOpen(null)} /> : null}
      </Modal>
    </div>
  );
}

function CardRewards({ cardholder, program, currency, zone }: { cardholder: string; program: string; currency: string; zone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const account = useQuery('rewards-account-get', { cardholder, program }, ['rewards']);
  const a = account.data;
  const points = (n: number) => formatPoints(n, lang);
  if (account.loading && !a) return <Loading />;
  if (account.error) return <ErrorNotice error={account.error} onRetry={account.reload} />;
  if (!a || !a.member) return <div className="panel"><EmptyState icon="rewards" title={t('cardDetail.rewardsEmpty')} /></div>;
  const next = a.tier_progress.next_tier;
  return (
    <div className="stack">
      <div className="stat-grid">
        <div className="panel stat-card">
          <span className="stat-card__label">{t('counter.member.points')}</span>
          <span className="stat-card__value">{points(a.points)}</span>
          <span className="stat-card__sub">{t('counter.member.available', { points: points(a.available) })}</span>
        </div>
        <div className="panel stat-card">
          <span className="stat-card__label">{t('counter.member.tier')}</span>
          <span className="stat-card__value">{a.tier?.name ?? t('counter.member.noTier')}</span>
          {next ? (
            <span className="stat-card__sub">
              {a.tier_progress.metric === 'spend'
                ? t('counter.member.toNext', { amount: formatMoney(a.tier_progress.remaining_to_next ?? 0, currency, lang), tier: next.name })
                : t('counter.member.toNextPoints', { points: points(a.tier_progress.remaining_to_next ?? 0), tier: next.name })}
            </span>
          ) : null}
        </div>
        <div className="panel stat-card">
          <span className="stat-card__label">{t('counter.member.cashback')}</span>
          <span className="stat-card__value">{formatMoney(a.cashback_balance, currency, lang)}</span>
        </div>
      </div>
      <p className="muted">{t('cardDetail.lifetime', { earned: points(a.lifetime.earned), redeemed: points(a.lifetime.redeemed), expired: points(a.lifetime.expired) })}</p>
      <section className="panel" aria-labelledby="points-activity">
        <div className="panel__header">
          <h2 id="points-activity">{t('cardDetail.recentPoints')}</h2>
        </div>
        <ul className="feed">
          {a.recent_activity.map((entry) => (
            <li key={entry.id}>
              <span>
                <span className="cell-strong">{entry.points > 0 ? `+${points(entry.points)}` : points(entry.points)}</span>
                <span className="cell-sub">{pointsActivityText(t, entry)}</span>
              </span>
              <time className="muted">{formatDateTime(entry.created, zone, lang)}</time>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function CardHistory({ cardId, zone }: { cardId: string; zone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const isManager = useCan('manager');
  const events = useQuery('event-list', isManager ? { object_id: cardId, limit: 50 } : null, ['card']);
  if (!isManager) return <div className="panel"><EmptyState icon="lock" title={t('cardDetail.historyManagerOnly')} /></div>;
  if (events.loading && !events.data) return <Loading />;
  if (events.error) return <ErrorNotice error={events.error} onRetry={events.reload} />;
  const items = events.data?.data ?? [];
  if (items.length === 0) return <div className="panel"><EmptyState icon="clock" title={t('cardDetail.historyEmpty')} /></div>;
  const known = t('cardDetail.events', { returnObjects: true }) as Record<string, string>;
  return (
    <div className="panel">
      <ul className="feed" data-testid="card-history">
        {items.map((event) => {
          const previous = (event.data.object.previous_attributes ?? {}) as { status?: string; spending_controls?: unknown };
          const status = event.data.object.status as string | undefined;
          const detail = previous.status && status ? t('cardDetail.changed.status', { from: t(`cards.status.${previous.status as 'active'}`), to: t(`cards.status.${status as 'active'}`) }) : previous.spending_controls ? t('cardDetail.changed.controls') : '';
          return (
            <li key={event.id}>
              <span>
                <span className="cell-strong">{known[event.type.replace(/\./g, '_')] ?? event.type}</span>
                {detail ? <span className="cell-sub">{detail}</span> : null}
              </span>
              <time className="muted">{formatDateTime(event.created, zone, lang)}</time>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
