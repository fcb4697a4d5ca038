import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format/money.js';
import { useLang } from '../../i18n/i18n.js';
import type { Purchase } from './use-purchase.js';

/** Kartu's side of a cleared record: held, captured, released or declined (amounts in the card's currency). */
export function PurchaseCell({ purchase, loading, known }: { purchase: Purchase | undefined; loading: boolean; known: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!known) return <span className="muted">{t('network.exceptions.noPurchase')}</span>;
  if (!purchase) return <span className="muted">{loading ? t('common.loading') : t('common.none')}</span>;
  const money = (amount: number) => formatMoney(amount, purchase.currency, lang);
  if (!purchase.approved) return <span>{t('network.exceptions.declinedHere')}</span>;
  const parts: string[] = [];
  if (purchase.pending_amount > 0) parts.push(t('network.exceptions.held', { amount: money(purchase.pending_amount) }));
  if (purchase.captured_amount > 0) parts.push(t('network.exceptions.captured', { amount: money(purchase.captured_amount) }));
  if (parts.length === 0) parts.push(t('network.exceptions.released'));
  return (
    <span>
      {parts.map((part) => (
        <span key={part} className="network-line">
          {part}
        </span>
      ))}
      <span className="cell-sub mono">
        {purchase.card_last4 ? `${t('network.cardEnding', { last4: purchase.card_last4 })} · ` : ''}
        {purchase.id}
      </span>
    </span>
  );
}
