import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientError } from '../client/kartu-client.js';
import { Icon, type IconName } from './icons.js';
import { errorText, fieldText } from './error-text.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p className="muted">{label ?? t('common.loading')}</p>
    </div>
  );
}

export function EmptyState({ icon = 'inbox', title, text, action }: { icon?: IconName; title: string; text?: string; action?: ReactNode }) {
  return (
    <div className="state">
      <div className="state__icon">
        <Icon name={icon} className="" size={24} />
      </div>
      <p className="state__title">{title}</p>
      {text ? <p className="state__text">{text}</p> : null}
      {action}
    </div>
  );
}

/** Plain words first (in the reader's language, amounts in `currency` when given), then which field and the code for support. */
export function ErrorNotice({ error, onRetry, title, currency, text }: { error: ClientError; onRetry?: () => void; title?: string; currency?: string; /** A screen's own sentence for this error, said instead of the shared one. */ text?: string | undefined }) {
  const { t } = useTranslation();
  const unknown = error.code === 'unknown_command';
  // A field typed wrong is not "something went wrong": the person only has to fix what they typed.
  const fieldProblem = Boolean(error.param) && (error.code === 'parameter_invalid' || error.code === 'parameter_missing');
  return (
    <div className="notice notice--error" role="alert">
      <Icon name="alert" className="" size={20} />
      <div className="notice__body">
        <p className="notice__title">{title ?? (unknown ? t('errors.notAvailable') : fieldProblem ? t('errors.checkTitle') : t('errors.title'))}</p>
        <p>{text ?? errorText(t, error, { currency })}</p>
        <p className="notice__meta">
          {error.param ? `${t('errors.field', { param: fieldText(t, error.param) })} · ` : ''}
          {t('errors.code', { code: error.code })}
        </p>
        {onRetry && !unknown ? (
          <div>
            <button type="button" className="btn btn--small" onClick={onRetry}>
              {t('common.retry')}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice--success" role="status">
      <Icon name="check" className="" size={20} />
      <div className="notice__body">{children}</div>
    </div>
  );
}

/** A table's loading placeholder with the same column count, so the page does not jump. */
export function SkeletonRows({ columns, rows = 4 }: { columns: number; rows?: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} aria-hidden="true">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c}>
              <div className="skeleton-row" />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
