import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../client/client-context.js';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useLang } from '../../i18n/i18n.js';
import { useApp } from '../../state/app-store.js';
import { DecisionBadge } from '../../ui/decision.js';
import type { Program } from '../../../core/programs/program.js';
import { maskedNumber } from '../cards/card-labels.js';

interface FeedItem {
  id: string;
  approved: boolean;
  code: string;
  amount: number;
  currency: string;
  merchant: string;
  last4: string;
  created: number;
  program: string | null;
}

const MAX_ITEMS = 6;

function fromEvent(object: Record<string, unknown>): FeedItem | null {
  if (typeof object.id !== 'string' || typeof object.approved !== 'boolean') return null;
  const merchant = (object.merchant ?? {}) as { name?: string };
  return {
    id: object.id,
    approved: object.approved,
    code: String(object.response_code ?? ''),
    amount: Number(object.approved ? object.amount : object.requested_amount) || 0,
    currency: String(object.currency ?? 'IDR'),
    merchant: merchant.name ?? '',
    last4: String(object.card_last4 ?? '????'),
    created: Number(object.created) || 0,
    program: typeof object.program === 'string' ? object.program : null,
  };
}

/**
 * Decisions as they are made (the engine's event stream), newest first: the till's heartbeat. Times
 * are in each decision's program's time zone, as everywhere else.
 */
export function LiveFeed({ onOpen, programs }: { onOpen(id: string): void; programs: Map<string, Program> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const client = useClient();
  const mode = useApp((s) => s.mode);
  const [items, setItems] = useState<FeedItem[]>([]);

  useEffect(() => {
    setItems([]);
    return client.onEvent((event) => {
      if (event.mode !== mode || event.type !== 'authorization.created') return;
      const item = fromEvent(event.data.object);
      if (item) setItems((current) => [item, ...current.filter((c) => c.id !== item.id)].slice(0, MAX_ITEMS));
    });
  }, [client, mode]);

  return (
    <section className="panel live-feed" aria-labelledby="live-feed-title">
      <div className="panel__header live-feed__header">
        <h2 id="live-feed-title">
          <span className="live-dot" aria-hidden="true" /> {t('transactions.liveTitle')}
        </h2>
        {items.length === 0 ? <span className="muted">{t('transactions.liveEmpty')}</span> : null}
      </div>
      {items.length === 0 ? null : (
        <ul className="live-feed__list" aria-live="polite">
          {items.map((item) => (
            <li key={item.id}>
              <button type="button" className="live-feed__item" onClick={() => onOpen(item.id)}>
                <DecisionBadge approved={item.approved} code={item.code} />
                <span className="cell-strong">{formatMoney(item.amount, item.currency, lang)}</span>
                <span className="mono">{maskedNumber(item.last4)}</span>
                <span className="muted">{item.merchant}</span>
                <span className="muted">{formatDateTime(item.created, (item.program ? programs.get(item.program)?.timezone : undefined) ?? DEFAULT_TIME_ZONE, lang)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
