import { useTranslation } from 'react-i18next';
import { Modal } from '../../ui/modal.js';
import { SecretBox } from '../../ui/secret-box.js';

interface SecretModalProps {
  /** The new secret, or null when the dialog is closed. */
  secret: string | null;
  title: string;
  /** Why it is shown only now. */
  text: string;
  testId?: string;
  onClose(): void;
}

/** A new API key's or webhook endpoint's secret, shown once, until the owner says it is copied. */
export function SecretModal({ secret, title, text, testId, onClose }: SecretModalProps) {
  const { t } = useTranslation();
  return (
    <Modal open={secret !== null} title={title} onClose={onClose}>
      <p className="warning-box">{text}</p>
      {secret ? <SecretBox value={secret} {...(testId ? { testId } : {})} /> : null}
      <div className="dialog__actions dialog__actions--flat">
        <button type="button" className="btn btn--primary" data-autofocus onClick={onClose}>
          {t('settingsMore.keys.done')}
        </button>
      </div>
    </Modal>
  );
}
