import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';

const EVENT_KINDS = ['program', 'cardholder', 'card', 'rewards', 'location'] as const;
const SHOWN = 8;

/** What an event is about, in a few words: a name, or a masked card number. */
function subjectOf(object: Record<string, unknown>): string {
  const masked = typeof object.masked_number === 'string' ? object.masked_number : null;
  const holder = typeof object.cardholder_name === 'string' ? object.cardholder_name : null;
  if (masked) return holder ? `${masked} · ${holder}` : masked;
  if (typeof object.name === 'string') return object.name;
  return typeof object.id === 'string' ? object.id : '';
}

/** Changes to programs, people and cards (purchases have their own feed in Transactions). */
export function RecentActivity() {
  const { t } = useTranslation();
  const lang = useLang();
  // The newest by time among the last ones written. The same thing while the clock only moves on;
  // sandbox history written with a travelling clock (the demo's mid-history stories are written after
  // every member joined) would otherwise put older changes on top.
  const events = useQuery('event-list', { limit: 30, type: 'card.*' }, EVENT_KINDS);
  const items = [...(events.data?.data ?? [])].sort((a, b) => b.created - a.created).slice(0, SHOWN);
  return (
    <section className="panel" aria-labelledby="recent">
      <div className="panel__header">
        <h2 id="recent">{t('dashboard.recent')}</h2>
        <span className="muted">{t('dashboard.live')}</span>
      </div>
      {events.loading && !events.data ? <Loading /> : null}
      {events.error ? (
        <div className="panel__body">
          <ErrorNotice error={events.error} onRetry={events.reload} />
        </div>
      ) : null}
      {!events.loading && !events.error && items.length === 0 ? <EmptyState icon="clock" title={t('dashboard.recentEmpty')} /> : null}
      {items.length > 0 ? (
        <ul className="feed">
          {items.map((event) => {
            // 'card.shipping.updated' -> card_shipping_updated: every dot, or i18next reads a nested key and shows the raw type.
            const key = `events.types.${event.type.replaceAll('.', '_')}`;
            return (
              <li key={event.id}>
                <span>
                  <span className="cell-strong">{t(key as 'events.types.card_created', { defaultValue: event.type })}</span>
                  <span className="cell-sub">{subjectOf(event.data.object)}</span>
                </span>
                <time className="muted" dateTime={new Date(event.created * 1000).toISOString()}>
                  {formatDateTime(event.created, DEFAULT_TIME_ZONE, lang)}
                </time>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
