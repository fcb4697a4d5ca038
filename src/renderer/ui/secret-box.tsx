import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A secret shown once, with a copy button (clipboard when the browser allows it). */
export function SecretBox({ value, testId }: { value: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret">
      <code data-testid={testId}>{value}</code>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? t('settingsMore.keys.copied') : t('settingsMore.keys.copy')}
      </button>
    </div>
  );
}
