import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import type { Input } from '../../client/kartu-client.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { useCan } from '../../state/session.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Field, errorFor } from '../../ui/field.js';
import { Modal } from '../../ui/modal.js';
import { ErrorNotice, SuccessNotice } from '../../ui/states.js';

type Decision = Input<'cardholder-verify'>['decision'];
type Status = Cardholder['verification']['status'];

/**
 * Staff review of the identity check (cardholder-verify: manager and owner; the core refuses a
 * cashier whatever this shows). The engine has three moves: mark as under review (pending), reject
 * with a reason, and reopen — which lets the status follow the details on file again (ends a
 * review, or lifts a rejection). "Verified" is never set by hand: it follows from complete details.
 */
export function CardholderKycReview({ holder, onChanged }: { holder: Cardholder; onChanged(): void }) {
  const { t } = useTranslation();
  const canReview = useCan('manager');
  const verify = useMutation('cardholder-verify');
  const [asking, setAsking] = useState<Exclude<Decision, 'rejected'> | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [done, setDone] = useState<Status | null>(null);
  const [changes, setChanges] = useState(0);
  const status = holder.verification.status;
  if (holder.type === 'company') return null;
  if (!canReview) return <p className="muted" data-testid="kyc-review-managers-only">{t('cardholderDetail.kycReview.managersOnly')}</p>;

  const decide = async (decision: Decision, reason?: string): Promise<boolean> => {
    setDone(null);
    const next = await verify.run({ id: holder.id, decision, ...(reason !== undefined ? { reason } : {}) });
    if (!next) return false;
    setDone(next.verification.status);
    setChanges((n) => n + 1);
    onChanged();
    return true;
  };
  const dialog =
    asking === 'pending'
      ? { title: t('cardholderDetail.kycReview.startReviewTitle'), text: t('cardholderDetail.kycReview.startReviewText'), label: t('cardholderDetail.kycReview.startReview') }
      : status === 'rejected'
        ? { title: t('cardholderDetail.kycReview.reopenTitle'), text: t('cardholderDetail.kycReview.reopenText'), label: t('cardholderDetail.kycReview.reopen') }
        : { title: t('cardholderDetail.kycReview.finishReviewTitle'), text: t('cardholderDetail.kycReview.finishReviewText'), label: t('cardholderDetail.kycReview.finishReview') };

  return (
    <div className="stack" data-testid="kyc-review">
      <h3>{t('cardholderDetail.kycReview.title')}</h3>
      <LastChange holderId={holder.id} refresh={changes} />
      {done ? <SuccessNotice>{t('cardholderDetail.kycReview.done', { status: t(`cardholders.kyc.${done}`) })}</SuccessNotice> : null}
      {verify.error && !rejecting ? <ErrorNotice error={verify.error} /> : null}
      <div className="row-actions">
        {status === 'pending' ? (
          <button type="button" className="btn" disabled={verify.pending} onClick={() => setAsking('reopen')}>
            {t('cardholderDetail.kycReview.finishReview')}
          </button>
        ) : null}
        {status === 'unverified' || status === 'verified' ? (
          <button type="button" className="btn" disabled={verify.pending} onClick={() => setAsking('pending')}>
            {t('cardholderDetail.kycReview.startReview')}
          </button>
        ) : null}
        {status === 'rejected' ? (
          <button type="button" className="btn" disabled={verify.pending} onClick={() => setAsking('reopen')}>
            {t('cardholderDetail.kycReview.reopen')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn--danger"
            disabled={verify.pending}
            onClick={() => {
              verify.reset();
              setRejecting(true);
            }}
          >
            {t('cardholderDetail.kycReview.reject')}
          </button>
        )}
      </div>
      <ConfirmDialog
        open={asking !== null}
        title={dialog.title}
        text={dialog.text}
        confirmLabel={dialog.label}
        pending={verify.pending}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const decision = asking;
          setAsking(null);
          if (decision) void decide(decision);
        }}
      />
      <Modal open={rejecting} title={t('cardholderDetail.kycReview.rejectTitle', { name: holder.name })} onClose={() => setRejecting(false)}>
        <RejectForm
          pending={verify.pending}
          error={verify.error}
          onCancel={() => setRejecting(false)}
          onReject={async (reason) => {
            if (await decide('rejected', reason)) setRejecting(false);
          }}
        />
      </Modal>
    </div>
  );
}

function RejectForm({ pending, error, onCancel, onReject }: { pending: boolean; error: ReturnType<typeof useMutation<'cardholder-verify'>>['error']; onCancel(): void; onReject(reason: string): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [empty, setEmpty] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The engine refuses an empty reason too (param `reason`); said here before the round trip.
    if (!reason.trim()) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    onReject(reason.trim());
  };
  const fieldError = empty ? t('cardholderDetail.kycReview.reasonMissing') : errorFor(error, 'reason');
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('cardholderDetail.kycReview.reject')}>
      <p className="muted">{t('cardholderDetail.kycReview.rejectText')}</p>
      {error && !errorFor(error, 'reason') ? <ErrorNotice error={error} /> : null}
      <Field label={t('cardholderDetail.kycReview.reason')} hint={t('cardholderDetail.kycReview.reasonHint')} error={fieldError}>
        <textarea className="input" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="dialog__actions dialog__actions--flat">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--danger" disabled={pending}>
          {t('cardholderDetail.kycReview.rejectConfirm')}
        </button>
      </div>
    </form>
  );
}

interface AuditRow {
  action: string;
  at: string;
  detail: unknown;
}

/** The last status change from the audit trail (managers may read it): the reason is kept only there. */
function LastChange({ holderId, refresh }: { holderId: string; refresh: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const trail = useQuery('audit-list', { object_id: holderId, limit: 20 }, ['cardholder'], refresh);
  const entry = (trail.data?.data as AuditRow[] | undefined)?.find((row) => row.action === 'kyc-status-change');
  if (!entry) return null;
  const detail = (entry.detail ?? {}) as { from?: Status | null; to?: Status | null; reason?: string | null };
  const label = (s: Status | null | undefined) => (s ? t(`cardholders.kyc.${s}`) : '—');
  return (
    <div className="muted" data-testid="kyc-last-change">
      <p>{t('cardholderDetail.kycReview.last', { from: label(detail.from), to: label(detail.to), at: formatDateTime(Date.parse(entry.at) / 1000, DEFAULT_TIME_ZONE, lang) })}</p>
      {detail.reason ? <p>{t('cardholderDetail.kycReview.lastReason', { reason: detail.reason })}</p> : null}
    </div>
  );
}
