import { useTranslation } from 'react-i18next';

interface FormActionsProps {
  pending: boolean;
  onCancel(): void;
  /** The submit button's label; by default "Create", and "Saving…" while pending. */
  submitLabel?: string;
  /** Disables submit beyond `pending` (e.g. a PIN too short to send). */
  disabled?: boolean;
}

/** The Cancel and submit buttons at the foot of a form in a dialog. */
export function FormActions({ pending, onCancel, submitLabel, disabled = false }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="dialog__actions dialog__actions--flat">
      <button type="button" className="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn--primary" disabled={pending || disabled}>
        {submitLabel ?? (pending ? t('common.saving') : t('common.create'))}
      </button>
    </div>
  );
}
