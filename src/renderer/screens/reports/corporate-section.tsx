import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { ErrorNotice, Loading } from '../../ui/states.js';
import { ExportButtons } from './export-buttons.js';
import { Notes, percent, ReportSection, ReportTable, type ReportFilterInput } from './report-parts.js';

/** One limit of an employee's card as report-corporate gives it (typed `unknown` in the core). */
interface LimitUse {
  card: string;
  last4: string;
  interval: string;
  limit_minor: number;
  used_minor: number | null;
  utilization_bps: number | null;
}

type Interval = 'daily' | 'weekly' | 'monthly' | 'yearly' | 'all_time' | 'per_authorization';

/** Corporate cards: spend per employee in the period, against each card's limits now. */
export function CorporateSection({ filters, fallbackCurrency }: { filters: ReportFilterInput; fallbackCurrency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const report = useQuery('report-corporate', filters, ['authorization', 'card']);
  const currency = report.data?.currency ?? fallbackCurrency;
  const money = (n: number) => formatMoney(n, currency, lang);
  const limitText = (l: LimitUse) => `${money(l.limit_minor)} ${t(`reports.corporate.interval.${l.interval as Interval}`, { defaultValue: l.interval })} · •••• ${l.last4}`;

  return (
    <ReportSection id="report-corporate" title={t('reports.corporate.title')}>
      {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      {!report.data && !report.error ? <Loading /> : null}
      {report.data ? (
        <ReportTable
          caption={t('reports.corporate.title')}
          rows={report.data.rows}
          rowKey={(r) => r.cardholder}
          empty={t('reports.corporate.empty')}
          testId="report-corporate-table"
          actions={<ExportButtons report="corporate" params={filters} what={t('reports.corporate.title')} />}
          columns={[
            { key: 'name', label: t('reports.corporate.employee'), cell: (r) => <><span className="cell-strong">{r.name}</span>{r.company_name ? <span className="cell-sub">{r.company_name}</span> : null}</> },
            { key: 'purchases', label: t('reports.spending.purchasesCol'), numeric: true, cell: (r) => formatPoints(r.purchases, lang) },
            { key: 'spend', label: t('reports.corporate.spend'), numeric: true, cell: (r) => money(r.net_minor) },
            {
              key: 'limits',
              label: t('reports.corporate.used'),
              cell: (r) => {
                const limits = r.limits as LimitUse[];
                if (limits.length === 0) return <span className="muted">{t('reports.corporate.noLimit')}</span>;
                return (
                  <ul className="plain-list plain-list--flat">
                    {limits.map((l, i) => (
                      <li key={`${l.card}-${i}`}>
                        {l.used_minor !== null ? `${money(l.used_minor)} / ` : ''}
                        {limitText(l)}
                        {l.utilization_bps !== null ? <span className={l.utilization_bps >= 9_000 ? 'tone-danger' : 'muted'}> ({percent(l.utilization_bps, lang)}%)</span> : null}
                      </li>
                    ))}
                  </ul>
                );
              },
            },
          ]}
        />
      ) : null}
      <Notes notes={report.data?.notes} />
    </ReportSection>
  );
}
