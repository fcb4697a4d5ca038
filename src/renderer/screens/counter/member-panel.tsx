import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import { formatExpiry } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { formatPhone } from '../../format/phone.js';
import { formatPoints } from '../../format/points.js';
import { useLang } from '../../i18n/i18n.js';
import { Badge } from '../../ui/badge.js';
import { maskedNumber, STATUS_TONES } from '../cards/card-labels.js';
import { CardFace } from '../programs/card-face.js';
import type { Member } from './use-member.js';

/** Who is at the counter: the card, points, tier and how far the next tier is, the balance. */
export function MemberPanel({ member, program }: { member: Member; program: Program | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { card, holder, rewards } = member;
  const progress = rewards?.tier_progress;
  const next = progress?.next_tier ?? null;
  const money = (amount: number) => formatMoney(amount, card.currency, lang);
  return (
    <section className="member" aria-labelledby="member-name" data-testid="member-panel">
      <div className="member__card">
        {program ? (
          <CardFace
            className="card-face member__face"
            brand={program.brand}
            title={t('cards.cardLabel', { last4: card.last4 })}
            text={{ kindLabel: t(`programs.kinds.${program.kind}`), cardholderName: card.cardholder_name, last4: card.last4, expiry: formatExpiry(card.exp_month, card.exp_year) }}
          />
        ) : null}
      </div>
      <div className="member__who">
        <h2 id="member-name" className="member__name">
          {holder.name}
        </h2>
        <p className="muted mono">
          {maskedNumber(card.last4)}
          {holder.phone ? <> · <span className="nowrap">{formatPhone(holder.phone)}</span></> : null}
        </p>
        {card.status !== 'active' ? (
          <p className="member__warning" role="status">
            <Badge tone={STATUS_TONES[card.status]}>{t(`cards.status.${card.status}`)}</Badge> {t('counter.member.cardStatus', { status: t(`cards.status.${card.status}`).toLowerCase() })}
          </p>
        ) : null}
      </div>
      <dl className="member__stats">
        <div className="stat">
          <dt>{t('counter.member.points')}</dt>
          <dd className="stat__value" data-testid="member-points">
            {formatPoints(rewards?.points ?? 0, lang)}
          </dd>
          {rewards && rewards.pending > 0 ? <dd className="stat__sub">{t('counter.member.pending', { points: formatPoints(rewards.pending, lang) })}</dd> : null}
        </div>
        <div className="stat">
          <dt>{t('counter.member.tier')}</dt>
          <dd className="stat__value" data-testid="member-tier">
            {rewards?.tier?.name ?? t('counter.member.noTier')}
          </dd>
          {progress && next ? (
            <dd className="stat__sub">
              <progress className="progress" max={next.threshold} value={Math.min(progress.qualifying_value, next.threshold)} aria-label={t('counter.member.progressLabel', { tier: next.name })} />
              <span>
                {progress.metric === 'spend'
                  ? t('counter.member.toNext', { amount: money(progress.remaining_to_next ?? 0), tier: next.name })
                  : t('counter.member.toNextPoints', { points: formatPoints(progress.remaining_to_next ?? 0, lang), tier: next.name })}
              </span>
            </dd>
          ) : rewards?.tier ? (
            <dd className="stat__sub">{t('counter.member.topTier')}</dd>
          ) : null}
        </div>
        {card.balance ? (
          <div className="stat">
            <dt>{t('counter.member.balance')}</dt>
            <dd className="stat__value" data-testid="member-balance">
              {money(card.balance.available)}
            </dd>
          </div>
        ) : null}
        {rewards && rewards.cashback_balance > 0 ? (
          <div className="stat">
            <dt>{t('counter.member.cashback')}</dt>
            <dd className="stat__value">{money(rewards.cashback_balance)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

