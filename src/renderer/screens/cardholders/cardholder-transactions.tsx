import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { hrefOf } from '../../state/route.js';
import { DecisionBadge, reasonText } from '../../ui/decision.js';
import { EmptyState, ErrorNotice, SkeletonRows } from '../../ui/states.js';
import { maskedNumber } from '../cards/card-labels.js';

const RECENT = 10;

/** The last purchases on any of the cardholder's cards, newest first; each opens its card. */
export function CardholderTransactions({ cardholderId, name, zone }: { cardholderId: string; name: string; zone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useQuery('authorization-list', { cardholder: cardholderId, limit: RECENT }, ['authorization', 'transaction']);
  const items = list.data?.data ?? [];
  const loading = list.loading && !list.data;
  return (
    <section className="panel" aria-labelledby="ch-tx-title" data-testid="cardholder-transactions">
      <div className="panel__header">
        <h2 id="ch-tx-title">{t('cardholderDetail.transactions.title')}</h2>
        {/* Only the last ten are here: the Transactions screen has them all, filtered to this person. */}
        {items.length > 0 ? (
          <a className="btn btn--small" href={hrefOf('transactions', undefined, { cardholder: cardholderId, name })}>
            {t('cardholderDetail.transactions.all')}
          </a>
        ) : null}
      </div>
      {list.error ? (
        <div className="panel__body">
          <ErrorNotice error={list.error} onRetry={list.reload} />
        </div>
      ) : !loading && items.length === 0 ? (
        <EmptyState icon="transactions" title={t('cardholderDetail.transactions.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-busy={loading}>
            <caption className="visually-hidden">{t('cardholderDetail.transactions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cardholderDetail.transactions.time')}</th>
                <th scope="col">{t('cardholderDetail.transactions.merchant')}</th>
                <th scope="col" className="num">
                  {t('cardholderDetail.transactions.amount')}
                </th>
                <th scope="col">{t('cardholderDetail.transactions.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {loading ? (
                <SkeletonRows columns={4} rows={3} />
              ) : (
                items.map((a) => (
                  <tr key={a.id}>
                    <td className="nowrap">
                      {formatDateTime(a.created, zone, lang)}
                      {a.card && a.card_last4 ? (
                        <a className="cell-sub mono" href={hrefOf('cards', a.card)}>
                          {maskedNumber(a.card_last4)}
                        </a>
                      ) : null}
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
        </div>
      )}
    </section>
  );
}
