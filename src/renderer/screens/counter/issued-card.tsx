import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../../../core/cards/card.js';
import type { Program } from '../../../core/programs/program.js';
import { formatExpiry } from '../../format/dates.js';
import { maskedNumber } from '../cards/card-labels.js';
import { CardFace } from '../programs/card-face.js';
import { CardQr } from './card-qr.js';

/** The new card, as the member will carry it: the face, its QR code, and a print button. */
export function IssuedCard({ card, program, onContinue }: { card: Card; program: Program; onContinue(): void }) {
  const { t } = useTranslation();
  const continueRef = useRef<HTMLButtonElement>(null);
  useEffect(() => continueRef.current?.focus(), []);
  const number = maskedNumber(card.last4);
  return (
    <section className="counter-pane" aria-labelledby="issued-title">
      <div className="notice notice--success" role="status">
        <div className="notice__body">
          <h2 id="issued-title" className="counter-pane__title">
            {t('counter.issue.done', { name: card.cardholder_name })}
          </h2>
          <p>{t('counter.issue.doneText')}</p>
        </div>
      </div>
      <div className="printable issued-card" data-testid="issued-card">
        <CardFace
          className="card-face issued-card__face"
          brand={program.brand}
          title={`${program.brand.name} · ${number} · ${card.cardholder_name}`}
          text={{ kindLabel: t(`programs.kinds.${program.kind}`), cardholderName: card.cardholder_name, last4: card.last4, expiry: formatExpiry(card.exp_month, card.exp_year) }}
        />
        <div className="issued-card__qr">
          <CardQr payload={card.id} label={t('counter.issue.qrLabel', { number })} />
          <span className="mono">{number}</span>
        </div>
      </div>
      <div className="form__actions">
        <button type="button" className="btn btn--l" onClick={() => window.print()}>
          {t('counter.issue.print')}
        </button>
        <button ref={continueRef} type="button" className="btn btn--primary btn--xl" onClick={onContinue}>
          {t('counter.issue.continue')}
        </button>
      </div>
    </section>
  );
}
