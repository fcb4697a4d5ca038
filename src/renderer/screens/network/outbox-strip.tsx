import { useTranslation } from 'react-i18next';
import { useQuery } from '../../hooks/use-command.js';
import { hrefOf } from '../../state/route.js';
import { ErrorNotice } from '../../ui/states.js';

/**
 * The sync queue in one line, with the way to it: Settings → Network already lists the queue with
 * its filters and retry, so this screen only says whether anything waits or failed.
 */
export function OutboxStrip({ refresh }: { refresh: number }) {
  const { t } = useTranslation();
  const summary = useQuery('outbox-summary', {}, ['card'], refresh);
  const counts = summary.data;
  const waiting = counts ? (counts.pending ?? 0) + (counts.retrying ?? 0) : 0;
  const failed = counts?.failed ?? 0;
  const tone = failed > 0 ? 'notice--error' : waiting > 0 ? 'notice--info' : 'notice--success';
  if (summary.error) return <ErrorNotice error={summary.error} onRetry={summary.reload} />;
  return (
    <div className={`notice ${tone} network-outbox`} role="status" data-testid="outbox-strip">
      <div className="notice__body">
        <p className="notice__title">{t('network.outbox.title')}</p>
        <p>
          {!counts
            ? t('common.loading')
            : waiting === 0 && failed === 0
              ? t('network.outbox.upToDate')
              : [waiting > 0 ? t('network.outbox.waiting', { count: waiting }) : null, failed > 0 ? t('network.outbox.failed', { count: failed }) : null].filter(Boolean).join(' · ')}
          <span className="muted"> — {t('network.outbox.text')}</span>
        </p>
      </div>
      <a className="btn btn--small" href={hrefOf('settings', undefined, { tab: 'network' })}>
        {t('network.outbox.open')}
      </a>
    </div>
  );
}
