import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError } from '../../client/kartu-client.js';
import { formatMoney } from '../../format/money.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import type { CounterOutcome } from './counter-result.js';
import { formatPoints } from '../../format/points.js';
import type { Member } from './use-member.js';

/**
 * The program's rewards as big buttons, the ones the member can afford first. One press redeems;
 * the answer offers an Undo while the program's cancel window lasts.
 */
export function RedeemPanel({ member, refresh, onOutcome }: { member: Member; refresh(): Promise<Member | null>; onOutcome(outcome: CounterOutcome | null): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const client = useClient();
  const rewards = useQuery('reward-list', { program: member.card.program, status: 'active', limit: 100 }, ['rewards']);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const available = member.rewards?.available ?? 0;
  const list = [...(rewards.data?.data ?? [])].sort((a, b) => a.points_cost - b.points_cost);

  const undo = async (id: string) => {
    setError(null);
    try {
      await client.call('redemption-cancel', { id, reason: 'undone at the counter' });
      await refresh();
      onOutcome(null);
    } catch (caught) {
      setError(toClientError(caught));
    }
  };

  const redeem = async (rewardId: string, name: string) => {
    setPending(rewardId);
    setError(null);
    try {
      const redemption = await client.call('redemption-create', { cardholder: member.card.cardholder, program: member.card.program, reward: rewardId });
      const fresh = await refresh();
      const lines: string[] = [];
      if (redemption.voucher_code) lines.push(t('counter.redeem.voucher', { code: redemption.voucher_code }));
      if (redemption.credit_amount) lines.push(t('counter.redeem.credit', { amount: formatMoney(redemption.credit_amount, member.card.currency, lang) }));
      lines.push(t('counter.redeem.left', { points: formatPoints(fresh?.rewards?.available ?? 0, lang) }));
      onOutcome({ tone: 'success', title: t('counter.redeem.done', { name }), lines, action: { label: t('common.undo'), run: () => void undo(redemption.id) } });
    } catch (caught) {
      setError(toClientError(caught));
    } finally {
      setPending(null);
    }
  };

  if (rewards.loading && !rewards.data) return <Loading />;
  if (rewards.error) return <ErrorNotice error={rewards.error} onRetry={rewards.reload} />;
  if (list.length === 0) return <EmptyState icon="rewards" title={t('counter.redeem.empty')} />;
  return (
    <div className="counter-action" aria-label={t('counter.redeem.title')} role="group">
      {error ? <ErrorNotice error={error} title={t('counter.errorTitle')} /> : null}
      <ul className="reward-grid">
        {list.map((reward) => {
          const short = reward.points_cost - available;
          return (
            <li key={reward.id}>
              <button type="button" className="reward-button" disabled={short > 0 || pending !== null} onClick={() => void redeem(reward.id, reward.name)} aria-label={t('counter.redeem.submit', { name: reward.name })}>
                <span className="reward-button__name">{reward.name}</span>
                <span className="reward-button__cost">{t('counter.redeem.cost', { points: formatPoints(reward.points_cost, lang) })}</span>
                {short > 0 ? <span className="reward-button__short">{t('counter.redeem.short', { points: formatPoints(short, lang) })}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
