import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../../../core/cards/card.js';
import { useMutation } from '../../hooks/use-command.js';
import { useCan } from '../../state/session.js';
import { hrefOf, navigate } from '../../state/route.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Field } from '../../ui/field.js';
import { Modal } from '../../ui/modal.js';
import { ErrorNotice, SuccessNotice } from '../../ui/states.js';
import { maskedNumber } from './card-labels.js';
import { RevealNumber } from './reveal-number.js';

type Dialog = 'freeze' | 'activate' | 'cancel' | 'lost' | 'replace' | null;
const CANCEL_REASONS = ['closed_by_request', 'damaged', 'expired', 'fraud'] as const;

/**
 * What can be done to a card, by status: freeze and unfreeze, activate, cancel, report lost or
 * stolen (stops it at once, optionally with a replacement), replace, reveal. Destructive ones ask.
 */
export function CardActions({ card, onChanged }: { card: Card; onChanged(): void }) {
  const { t } = useTranslation();
  const isManager = useCan('manager');
  const update = useMutation('card-update');
  const replace = useMutation('card-replace');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [cancelReason, setCancelReason] = useState<(typeof CANCEL_REASONS)[number]>('closed_by_request');
  const [lostReason, setLostReason] = useState<'lost' | 'stolen'>('lost');
  const [withReplacement, setWithReplacement] = useState(true);
  const [replaceReason, setReplaceReason] = useState<'damaged' | 'expired'>('damaged');
  const [replaceType, setReplaceType] = useState<Card['type']>(card.type);
  const [done, setDone] = useState<string | null>(null);
  const number = maskedNumber(card.last4);
  const pending = update.pending || replace.pending;
  const error = update.error ?? replace.error;
  const neverActivated = card.status === 'inactive' && card.shipping !== null && card.shipping.status !== 'delivered';

  const setStatus = async (status: Card['status'], extra: { cancellation_reason?: (typeof CANCEL_REASONS)[number] | 'lost' | 'stolen' } = {}) => {
    setDone(null);
    const updated = await update.run({ id: card.id, status, ...extra });
    setDialog(null);
    if (updated) {
      setDone(t('cards.updated', { number, status: t(`cards.status.${updated.status}`) }));
      onChanged();
    }
  };

  const doReplace = async (reason: 'lost' | 'stolen' | 'damaged' | 'expired', type?: Card['type']) => {
    setDone(null);
    const next = await replace.run({ id: card.id, reason, ...(type ? { type } : {}) });
    setDialog(null);
    if (next) navigate('cards', next.id, { replaced: '1' });
  };

  if (card.status === 'canceled') {
    return (
      <div className="stack">
        <p className="muted">{t('cardDetail.actions.canceledNote')}</p>
        <div className="row-actions row-actions--start">
          <a className="btn" href={hrefOf('transactions', undefined, { card: card.id, last4: card.last4 })}>
            {t('cardDetail.actions.seeTransactions')}
          </a>
        </div>
      </div>
    );
  }

  return (
    <div className="stack">
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {error ? <ErrorNotice error={error} /> : null}
      <div className="row-actions row-actions--start">
        {card.status === 'active' ? (
          <button type="button" className="btn" onClick={() => setDialog('freeze')} disabled={pending}>
            {t('cardDetail.actions.freeze')}
          </button>
        ) : neverActivated ? (
          <button type="button" className="btn btn--primary" onClick={() => setDialog('activate')} disabled={pending}>
            {t('cardDetail.actions.activate')}
          </button>
        ) : (
          <button type="button" className="btn btn--primary" onClick={() => void setStatus('active')} disabled={pending}>
            {t('cardDetail.actions.unfreeze')}
          </button>
        )}
        <button type="button" className="btn" onClick={() => setDialog('lost')} disabled={pending}>
          {t('cardDetail.actions.lostStolen')}
        </button>
        {!card.replaced_by ? (
          <button type="button" className="btn" onClick={() => setDialog('replace')} disabled={pending}>
            {t('cardDetail.actions.replace')}
          </button>
        ) : null}
        {isManager ? <RevealNumber card={card} /> : null}
        {isManager ? (
          <a className="btn" href={hrefOf('rules', undefined, { card: card.id })}>
            {t('cardDetail.actions.editRules')}
          </a>
        ) : null}
        <button type="button" className="btn btn--ghost danger-text" onClick={() => setDialog('cancel')} disabled={pending}>
          {t('cardDetail.actions.cancel')}
        </button>
      </div>

      <ConfirmDialog
        open={dialog === 'freeze'}
        title={t('cards.confirmFreezeTitle', { number })}
        text={t('cards.confirmFreezeText')}
        confirmLabel={t('cards.confirmFreeze')}
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={() => void setStatus('inactive')}
      />
      <ConfirmDialog
        open={dialog === 'activate'}
        title={t('cardDetail.confirmActivateTitle', { number })}
        text={t('cardDetail.confirmActivateText')}
        confirmLabel={t('cardDetail.actions.activate')}
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={() => void setStatus('active')}
      />
      <Modal open={dialog === 'cancel'} title={t('cards.confirmCancelTitle', { number })} onClose={() => setDialog(null)}>
        <p className="muted">{t('cards.confirmCancelText')}</p>
        <Field label={t('cardDetail.cancelReason')}>
          <select className="select" value={cancelReason} onChange={(e) => setCancelReason(e.target.value as (typeof CANCEL_REASONS)[number])}>
            {CANCEL_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`cardDetail.reasons.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="dialog__actions dialog__actions--flat">
          <button type="button" className="btn" onClick={() => setDialog(null)} disabled={pending}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn--danger" disabled={pending} onClick={() => void setStatus('canceled', { cancellation_reason: cancelReason })}>
            {t('cards.confirmCancel')}
          </button>
        </div>
      </Modal>
      <Modal open={dialog === 'lost'} title={t('cardDetail.lostTitle', { number })} onClose={() => setDialog(null)}>
        <p className="muted">{t('cardDetail.lostText')}</p>
        <fieldset className="form__group">
          <legend>{t('cardDetail.lostWhich')}</legend>
          <div className="radio-row">
            {(['lost', 'stolen'] as const).map((r) => (
              <label key={r} className="radio-card">
                <input type="radio" name="lost-reason" checked={lostReason === r} onChange={() => setLostReason(r)} />
                <span className="cell-strong">{t(`cardDetail.reasons.${r}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="check-row">
          <input type="checkbox" checked={withReplacement} onChange={(e) => setWithReplacement(e.target.checked)} />
          {t('cardDetail.lostReplace')}
        </label>
        <div className="dialog__actions dialog__actions--flat">
          <button type="button" className="btn" onClick={() => setDialog(null)} disabled={pending}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={pending}
            onClick={() => void (withReplacement ? doReplace(lostReason) : setStatus('canceled', { cancellation_reason: lostReason }))}
          >
            {t('cardDetail.lostConfirm')}
          </button>
        </div>
      </Modal>
      <Modal open={dialog === 'replace'} title={t('cardDetail.replaceTitle', { number })} onClose={() => setDialog(null)}>
        <p className="muted">{t('cardDetail.replaceText')}</p>
        <div className="form__row">
          <Field label={t('cardDetail.replaceWhy')}>
            <select className="select" value={replaceReason} onChange={(e) => setReplaceReason(e.target.value as 'damaged' | 'expired')}>
              {(['damaged', 'expired'] as const).map((r) => (
                <option key={r} value={r}>
                  {t(`cardDetail.reasons.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('cardDetail.replaceType')}>
            <select className="select" value={replaceType} onChange={(e) => setReplaceType(e.target.value as Card['type'])}>
              {(['virtual', 'physical'] as const).map((type) => (
                <option key={type} value={type}>
                  {t(`cards.types.${type}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="dialog__actions dialog__actions--flat">
          <button type="button" className="btn" onClick={() => setDialog(null)} disabled={pending}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn--primary" disabled={pending} onClick={() => void doReplace(replaceReason, replaceType)}>
            {t('cardDetail.replaceConfirm')}
          </button>
        </div>
      </Modal>
    </div>
  );
}
