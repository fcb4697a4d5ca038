import { useId, type ReactElement, type ReactNode, cloneElement } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ClientError } from '../client/kartu-client.js';
import { errorText } from './error-text.js';

/**
 * The engine names the offending field in `param` (e.g. `brand.primary_color`): show it there, in
 * the reader's language (error-text.ts; the app's one i18next instance, so any caller gets it).
 */
export function errorFor(error: ClientError | null, ...params: string[]): string | undefined {
  if (!error?.param) return undefined;
  return params.some((p) => error.param === p || error.param?.startsWith(`${p}.`)) ? errorText(i18next.t, error) : undefined;
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  /** One input, select or textarea; it gets the id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
}

export function Field({ label, hint, error, optional, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="muted"> ({t('common.optional')})</span> : null}
      </label>
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <span className="field__hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field__error" id={errorId}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
