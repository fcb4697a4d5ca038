import { useTranslation } from 'react-i18next';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import type { Program } from '../../../core/programs/program.js';
import { Badge, type Tone } from '../../ui/badge.js';
import { kycByKind } from './kyc-by-kind.js';
import { CardholderKycReview } from './cardholder-kyc-review.js';

export const KYC_TONES: Record<Cardholder['verification']['status'], Tone> = { verified: 'success', pending: 'info', unverified: 'warning', rejected: 'danger' };

/** The verification status, per card kind what this cardholder still has to give, and the staff review. */
export function CardholderKyc({ holder, programs, onChanged }: { holder: Cardholder; programs: readonly Program[]; onChanged(): void }) {
  const { t } = useTranslation();
  const status = holder.verification.status;
  return (
    <section className="panel panel__body" aria-labelledby="ch-kyc-title" data-testid="cardholder-kyc">
      <h2 id="ch-kyc-title">{t('cardholderDetail.kyc.title')}</h2>
      <p>
        <span className="muted">{t('cardholderDetail.kyc.status')}: </span>
        <Badge tone={KYC_TONES[status]}>{t(`cardholders.kyc.${status}`)}</Badge>
      </p>
      {status === 'pending' || status === 'rejected' ? <p className="muted">{t('cardholderDetail.kyc.staffSet')}</p> : null}
      {holder.type === 'company' ? (
        <p className="muted">{t('cardholderDetail.kyc.company')}</p>
      ) : (
        <>
          <p className="muted">{t('cardholderDetail.kyc.byKind')}</p>
          <ul className="feed" aria-label={t('cardholderDetail.kyc.byKind')}>
            {kycByKind(holder, programs).map((row) => (
              // The panel already has its padding: the rows line up with the heading.
              <li key={row.kind} data-testid={`kyc-kind-${row.kind}`} style={{ paddingInline: 0 }}>
                <span>
                  <span className="cell-strong">{t(`programs.kinds.${row.kind}`)}</span>
                  <span className="cell-sub">
                    {t('cardholderDetail.kyc.needs')}: {row.fields.map((f) => t(`cardholderDetail.kycFields.${f}`)).join(', ')}
                  </span>
                  {row.programs.length ? <span className="cell-sub">{t('cardholderDetail.kyc.programs', { names: row.programs.join(', ') })}</span> : null}
                </span>
                <span style={{ maxWidth: '50%', textAlign: 'end' }}>
                  {status === 'rejected' ? (
                    // Issuance refuses a rejected cardholder whatever their details (issuance-checks.ts).
                    <Badge tone="danger">{t('cardholderDetail.kycReview.rejectedBlocks')}</Badge>
                  ) : row.problems.length === 0 ? (
                    <Badge tone="success">{t('cardholderDetail.kyc.ready')}</Badge>
                  ) : (
                    <span className="danger-text">
                      {t('cardholderDetail.kyc.missing')}: {row.problems.map((p) => `${t(`cardholderDetail.kycFields.${p.field}`)} (${t(`cardholderDetail.kycReasons.${p.reason}`)})`).join(', ')}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <CardholderKycReview holder={holder} onChanged={onChanged} />
    </section>
  );
}
