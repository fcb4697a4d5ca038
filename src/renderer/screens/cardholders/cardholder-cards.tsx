import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import { formatExpiry } from '../../format/dates.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { hrefOf } from '../../state/route.js';
import { Badge } from '../../ui/badge.js';
import { EmptyState, ErrorNotice, SkeletonRows } from '../../ui/states.js';
import { maskedNumber, STATUS_TONES } from '../cards/card-labels.js';

/** The cardholder's cards, each linking to its own page (actions live there). */
export function CardholderCards({ cardholderId, programs, canIssue }: { cardholderId: string; programs: ReadonlyMap<string, Program>; canIssue: boolean }) {
  const { t } = useTranslation();
  const list = usePagedList('card-list', { cardholder: cardholderId }, ['card']);
  const issue = canIssue ? (
    <a className="btn" href={hrefOf('cards', 'new', { cardholder: cardholderId })}>
      {t('cardholderDetail.cards.issue')}
    </a>
  ) : null;
  return (
    <section className="panel" aria-labelledby="ch-cards-title" data-testid="cardholder-cards">
      <div className="panel__header">
        <h2 id="ch-cards-title">{t('cardholderDetail.cards.title')}</h2>
        {issue}
      </div>
      {list.error ? (
        <div className="panel__body">
          <ErrorNotice error={list.error} onRetry={list.reload} />
        </div>
      ) : !list.loading && list.items.length === 0 ? (
        <EmptyState icon="cards" title={t('cardholderDetail.cards.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-busy={list.loading}>
            <caption className="visually-hidden">{t('cardholderDetail.cards.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cardholderDetail.cards.number')}</th>
                <th scope="col">{t('cardholderDetail.cards.program')}</th>
                <th scope="col">{t('cardholderDetail.cards.type')}</th>
                <th scope="col">{t('cardholderDetail.cards.status')}</th>
                <th scope="col">{t('cardholderDetail.cards.expires')}</th>
              </tr>
            </thead>
            <tbody>
              {list.loading ? (
                <SkeletonRows columns={5} rows={2} />
              ) : (
                list.items.map((card) => (
                  <tr key={card.id}>
                    <td className="mono">
                      <a href={hrefOf('cards', card.id)} aria-label={t('cards.cardLabel', { last4: card.last4 })}>
                        {maskedNumber(card.last4)}
                      </a>
                    </td>
                    <td>
                      {programs.get(card.program)?.name ?? card.program}
                      <span className="cell-sub">{t(`programs.kinds.${card.program_kind as 'loyalty'}`)}</span>
                    </td>
                    <td>{t(`cards.types.${card.type}`)}</td>
                    <td>
                      <Badge tone={STATUS_TONES[card.status]}>{t(`cards.status.${card.status}`)}</Badge>
                    </td>
                    <td className="mono">{formatExpiry(card.exp_month, card.exp_year)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {list.hasMore ? (
            <div className="table-footer">
              <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
                {list.loadingMore ? t('common.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}
