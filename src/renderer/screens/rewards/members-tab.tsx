import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import { formatMoney } from '../../format/money.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import { formatPoints } from '../../format/points.js';

/** The program's members by tier and what the business owes them (points outstanding, cashback). */
export function MembersTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const lang = useLang();
  const summary = useQuery('rewards-summary', { program: program.id }, ['rewards']);
  const s = summary.data;
  if (summary.loading && !s) return <Loading />;
  if (summary.error) return <ErrorNotice error={summary.error} onRetry={summary.reload} />;
  if (!s) return null;
  const inTiers = s.tiers.reduce((n, tier) => n + tier.members, 0);
  const rows = [...s.tiers.map((tier) => ({ id: tier.id, name: tier.name, members: tier.members })), ...(s.members > inTiers ? [{ id: 'none', name: t('rewards.members.noTier'), members: s.members - inTiers }] : [])];
  const max = Math.max(1, ...rows.map((r) => r.members));
  return (
    <div className="stack">
      <div className="stat-grid">
        <div className="panel stat-card">
          <span className="stat-card__label">{t('rewards.members.total')}</span>
          <span className="stat-card__value" data-testid="rewards-members">
            {formatPoints(s.members, lang)}
          </span>
        </div>
        <div className="panel stat-card">
          <span className="stat-card__label">{t('rewards.members.outstanding')}</span>
          <span className="stat-card__value">{formatPoints(s.points.outstanding, lang)}</span>
          {s.points.pending > 0 ? <span className="stat-card__sub">{t('rewards.members.pending', { points: formatPoints(s.points.pending, lang) })}</span> : null}
        </div>
        <div className="panel stat-card">
          <span className="stat-card__label">{t('rewards.members.liability')}</span>
          <span className="stat-card__value">{formatMoney(s.cashback.liability, s.currency, lang)}</span>
        </div>
        <div className="panel stat-card">
          <span className="stat-card__label">{t('rewards.members.earned')}</span>
          <span className="stat-card__value">{formatPoints(s.points.earned, lang)}</span>
          <span className="stat-card__sub">
            {t('rewards.members.redeemed')}: {formatPoints(s.points.redeemed, lang)}
          </span>
        </div>
      </div>
      <section className="panel panel__body" aria-labelledby="tiers-title">
        <h2 id="tiers-title">{t('rewards.members.tiersTitle')}</h2>
        {s.members === 0 ? <EmptyState icon="cardholders" title={t('rewards.members.empty')} /> : null}
        {s.tiers.length === 0 ? <p className="muted">{t('rewards.members.noTiers')}</p> : null}
        {s.members > 0 ? (
          <ul className="bars">
            {rows.map((row) => (
              <li key={row.id} className="bars__row">
                <span className="bars__label">{row.name}</span>
                <span className="bars__track" aria-hidden="true">
                  <span className="bars__fill" style={{ width: `${(row.members / max) * 100}%` }} />
                </span>
                <span className="bars__value">{t('rewards.members.share', { count: row.members })}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
