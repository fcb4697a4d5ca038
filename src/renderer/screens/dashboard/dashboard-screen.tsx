import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { hrefOf, type ScreenId } from '../../state/route.js';
import { Icon, type IconName } from '../../ui/icons.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';

const EVENT_KINDS = ['program', 'cardholder', 'card'] as const;

/** What an event is about, in a few words: a name, or a masked card number. */
function subjectOf(object: Record<string, unknown>): string {
  const masked = typeof object.masked_number === 'string' ? object.masked_number : null;
  const holder = typeof object.cardholder_name === 'string' ? object.cardholder_name : null;
  if (masked) return holder ? `${masked} · ${holder}` : masked;
  if (typeof object.name === 'string') return object.name;
  return typeof object.id === 'string' ? object.id : '';
}

export function DashboardScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const events = useQuery('event-list', { limit: 12 }, EVENT_KINDS);
  const tiles: Array<{ screen: ScreenId; icon: IconName; title: string; text: string }> = [
    { screen: 'programs', icon: 'programs', title: t('dashboard.newProgram'), text: t('dashboard.newProgramText') },
    { screen: 'cardholders', icon: 'cardholders', title: t('dashboard.newCardholder'), text: t('dashboard.newCardholderText') },
    { screen: 'cards', icon: 'cards', title: t('dashboard.issueCard'), text: t('dashboard.issueCardText') },
  ];
  const items = events.data?.data ?? [];

  return (
    <Screen title={t('dashboard.title')} subtitle={t('dashboard.subtitle')}>
      <section aria-labelledby="quick-start">
        <h2 id="quick-start" className="visually-hidden">
          {t('dashboard.quickStart')}
        </h2>
        <div className="tiles">
          {tiles.map((tile) => (
            <a key={tile.screen} className="panel tile" href={hrefOf(tile.screen, 'new')}>
              <span className="state__icon">
                <Icon name={tile.icon} className="" size={22} />
              </span>
              <span className="tile__title">{tile.title}</span>
              <span className="muted">{tile.text}</span>
            </a>
          ))}
        </div>
      </section>
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
              const key = `events.types.${event.type.replace('.', '_')}`;
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
    </Screen>
  );
}
