import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientError } from '../../client/kartu-client.js';
import { Field } from '../../ui/field.js';
import { Modal } from '../../ui/modal.js';
import { ErrorNotice } from '../../ui/states.js';

export interface ResolutionOption<R extends string> {
  id: R;
  label: string;
  hint: string;
  /** Why the core would refuse it for this item (shown, and the choice disabled). */
  unavailable?: string | undefined;
  danger?: boolean;
}

interface ResolveDialogProps<R extends string> {
  open: boolean;
  title: string;
  /** What is being resolved, in a sentence or two (amounts, card, problem). */
  summary: ReactNode;
  options: readonly ResolutionOption<R>[];
  pending: boolean;
  error: ClientError | null;
  /** The screen's own sentence for that error, when it has one. */
  errorText?: string | undefined;
  submitLabel: string;
  onSubmit(resolution: R, note: string | undefined): void;
  onClose(): void;
}

/**
 * How a person closes an exception or a difference: the resolutions the core offers, each with what
 * it does, one chosen, and a note for whoever reads the audit later. Nothing is preselected when
 * the choice moves money, so it is always a deliberate one.
 */
export function ResolveDialog<R extends string>({ open, title, summary, options, pending, error, errorText, submitLabel, onSubmit, onClose }: ResolveDialogProps<R>) {
  const { t } = useTranslation();
  const name = useId();
  const [choice, setChoice] = useState<R | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (open) {
      setChoice(null);
      setNote('');
    }
  }, [open]);
  const chosen = options.find((o) => o.id === choice);
  return (
    <Modal open={open} title={title} onClose={onClose} wide>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen && !chosen.unavailable) onSubmit(chosen.id, note.trim() || undefined);
        }}
      >
        <div className="muted">{summary}</div>
        <fieldset className="form__group">
          <legend>{t('network.resolution')}</legend>
          <div className="network-choices">
            {options.map((option) => (
              <label key={option.id} className="radio-card" aria-disabled={option.unavailable ? true : undefined}>
                <input type="radio" name={name} value={option.id} checked={choice === option.id} disabled={Boolean(option.unavailable)} onChange={() => setChoice(option.id)} />
                <span>
                  <span className="cell-strong">{option.label}</span>
                  <span className="cell-sub">{option.unavailable ?? option.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t('network.note')} hint={t('network.noteHint')} optional>
          <textarea className="input" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        {error ? <ErrorNotice error={error} text={errorText} /> : null}
        <div className="dialog__actions dialog__actions--flat">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={chosen?.danger ? 'btn btn--danger' : 'btn btn--primary'} disabled={pending || !chosen || Boolean(chosen.unavailable)}>
            {pending ? t('common.saving') : submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
