import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { useApp } from '../../state/app-store.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';

const STEPS = [
  { key: 'hour', seconds: 3_600 },
  { key: 'day', seconds: 86_400 },
  { key: 'week', seconds: 7 * 86_400 },
  { key: 'month', seconds: 30 * 86_400 },
] as const;

/** The sandbox's own time, moved forward on request (holds expiring, monthly fees, birthdays). */
export function SandboxClockSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const mode = useApp((s) => s.mode);
  const clock = useQuery('sandbox-clock-get', mode === 'test' ? {} : null, ['sandbox']);
  const advance = useMutation('sandbox-clock-advance');
  const [moved, setMoved] = useState(false);
  if (mode !== 'test') return <p className="notice notice--info">{t('settingsMore.sandboxClock.liveOnly')}</p>;
  const c = clock.data;
  const days = c ? Math.round(c.offset_seconds / 86_400) : 0;
  return (
    <section className="panel panel__body" aria-labelledby="clock-title">
      <h2 id="clock-title">{t('settingsMore.tabs.sandbox')}</h2>
      <p className="muted">{t('settingsMore.sandboxClock.text')}</p>
      {clock.error ? <ErrorNotice error={clock.error} onRetry={clock.reload} /> : null}
      {advance.error ? <ErrorNotice error={advance.error} /> : null}
      {moved && !advance.error ? <SuccessNotice>{t('settingsMore.sandboxClock.moved')}</SuccessNotice> : null}
      {clock.loading && !c ? <Loading /> : null}
      {c ? (
        <dl className="kv">
          <dt>{t('settingsMore.sandboxClock.now')}</dt>
          <dd data-testid="sandbox-now">
            {formatDateTime(c.frozen_time, DEFAULT_TIME_ZONE, lang)}
            <span className="field__hint">{c.offset_seconds > 0 ? t('settingsMore.sandboxClock.offset', { days }) : t('settingsMore.sandboxClock.inStep')}</span>
          </dd>
        </dl>
      ) : null}
      <div className="row-actions row-actions--start" role="group" aria-label={t('settingsMore.sandboxClock.advance')}>
        {STEPS.map((step) => (
          <button
            key={step.key}
            type="button"
            className="btn"
            disabled={advance.pending}
            onClick={() =>
              void advance.run({ seconds: step.seconds }).then((r) => {
                if (r) {
                  setMoved(true);
                  clock.reload();
                }
              })
            }
          >
            {t('settingsMore.sandboxClock.advance')} {t(`settingsMore.sandboxClock.${step.key}`)}
          </button>
        ))}
      </div>
    </section>
  );
}
