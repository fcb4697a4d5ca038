import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../../../core/cards/card.js';
import { formatExpiry } from '../../format/dates.js';
import { useMutation } from '../../hooks/use-command.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Modal } from '../../ui/modal.js';
import { ErrorNotice } from '../../ui/states.js';
import { maskedNumber } from './card-labels.js';

const SHOW_MS = 60_000;

function grouped(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * The full number, for an owner or manager: asked first (the reveal is audited), shown in a dialog
 * for one minute, then dropped from memory. Never stored in the app's state beyond that.
 */
export function RevealNumber({ card }: { card: Card }) {
  const { t } = useTranslation();
  const reveal = useMutation('card-reveal');
  const [asking, setAsking] = useState(false);
  const [details, setDetails] = useState<{ number: string; cvc: string; exp_month: number; exp_year: number } | null>(null);

  useEffect(() => {
    if (!details) return;
    const timer = setTimeout(() => setDetails(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [details]);

  const number = maskedNumber(card.last4);
  return (
    <>
      <button type="button" className="btn" onClick={() => setAsking(true)} disabled={card.status === 'canceled'}>
        {t('cardDetail.actions.reveal')}
      </button>
      {reveal.error ? <ErrorNotice error={reveal.error} /> : null}
      <ConfirmDialog
        open={asking}
        title={t('cardDetail.revealTitle')}
        text={t('cardDetail.revealText')}
        confirmLabel={t('cardDetail.revealConfirm')}
        pending={reveal.pending}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          void reveal.run({ id: card.id }).then((result) => {
            setAsking(false);
            if (result) setDetails({ number: result.number, cvc: result.cvc, exp_month: result.exp_month, exp_year: result.exp_year });
          });
        }}
      />
      <Modal open={details !== null} title={t('cardDetail.revealedTitle', { number })} onClose={() => setDetails(null)}>
        {details ? (
          <>
            <p className="warning-box" role="note">
              {t('cardDetail.revealedWarning')}
            </p>
            <dl className="kv">
              <dt>{t('cardDetail.revealedNumber')}</dt>
              <dd className="mono revealed-number" data-testid="revealed-number">
                {grouped(details.number)}
              </dd>
              <dt>{t('cardDetail.revealedCvc')}</dt>
              <dd className="mono">{details.cvc}</dd>
              <dt>{t('cardDetail.revealedExpiry')}</dt>
              <dd className="mono">{formatExpiry(details.exp_month, details.exp_year)}</dd>
            </dl>
            <div className="dialog__actions dialog__actions--flat">
              <button type="button" className="btn btn--primary" data-autofocus onClick={() => setDetails(null)}>
                {t('cardDetail.hide')}
              </button>
            </div>
          </>
        ) : null}
      </Modal>
    </>
  );
}
