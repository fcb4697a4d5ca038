import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import { formatDateTime } from '../../format/dates.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { Badge } from '../../ui/badge.js';
import { EmptyState, ErrorNotice, SkeletonRows } from '../../ui/states.js';
import { formatPoints } from '../../format/points.js';
import { CardholderLink } from '../../ui/record-links.js';

/** Every redemption, newest first; one still inside its cancel window can be undone. */
export function RedemptionsTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = usePagedList('redemption-list', { program: program.id }, ['rewards']);
  const rewards = useQuery('reward-list', { program: program.id, limit: 100 }, ['rewards']);
  const cancel = useMutation('redemption-cancel');
  const names = useMemo(() => new Map((rewards.data?.data ?? []).map((r) => [r.id, r.name])), [rewards.data]);
  const now = new Date().toISOString();
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.loading && list.items.length === 0) return <div className="panel"><EmptyState icon="rewards" title={t('rewards.redemptions.empty')} /></div>;
  return (
    <div className="stack">
      {cancel.error ? <ErrorNotice error={cancel.error} /> : null}
      <div className="panel table-wrap">
        <table className="table" aria-busy={list.loading}>
          <caption className="visually-hidden">{t('rewards.tabs.redemptions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rewards.redemptions.columns.when')}</th>
              <th scope="col">{t('rewards.redemptions.columns.reward')}</th>
              <th scope="col">{t('rewards.redemptions.columns.member')}</th>
              <th scope="col" className="num">
                {t('rewards.redemptions.columns.points')}
              </th>
              <th scope="col">{t('rewards.redemptions.columns.voucher')}</th>
              <th scope="col">{t('rewards.redemptions.columns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.loading ? (
              <SkeletonRows columns={6} />
            ) : (
              list.items.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{formatDateTime(r.created, program.timezone, lang)}</td>
                  <td className="cell-strong">{names.get(r.reward) ?? r.reward}</td>
                  <td>
                    <CardholderLink id={r.cardholder} />
                  </td>
                  <td className="num">{formatPoints(r.points, lang)}</td>
                  <td className="mono">{r.voucher_code ?? t('common.none')}</td>
                  <td>
                    <div className="row-actions row-actions--start">
                      <Badge tone={r.status === 'completed' ? 'success' : 'neutral'}>{t(`rewards.redemptions.status.${r.status}`)}</Badge>
                      {r.status === 'completed' && r.cancelable_until > now ? (
                        <button type="button" className="btn btn--small" disabled={cancel.pending} onClick={() => void cancel.run({ id: r.id }).then((x) => x && list.reload())}>
                          {t('rewards.redemptions.cancel')}
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        {list.hasMore ? (
          <div className="table-footer">
            <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
              {list.loadingMore ? t('common.loading') : t('common.loadMore')}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
