import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../format/dates.js';
import { formatMoney, numberLocale } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { CURRENCY_EXPONENTS } from '../../../core/kernel/money.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang, type Lang } from '../../i18n/i18n.js';
import { ErrorNotice } from '../../ui/states.js';
import { ExportButtons } from './export-buttons.js';
import { HEAT_STEPS, heatColour, heatInk, heatStep } from './heatmap-scale.js';
import { Panel, type ReportFilterInput } from './report-parts.js';

type Metric = 'purchases' | 'net';
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** 2023-01-01 was a Sunday: weekday n (0 = Sunday) is that day plus n, named by Intl. */
function weekdayName(weekday: number, lang: Lang, style: 'long' | 'short'): string {
  return new Intl.DateTimeFormat(numberLocale(lang), { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + weekday)));
}

const hh = (h: number, lang: Lang) => formatClock(`${String(h).padStart(2, '0')}:00`, lang);

/**
 * When people buy: a 7 x 24 grid (weekdays from the program's first day of the week, local hours)
 * whose colour grows with purchases or net spend. An HTML table, so a screen reader reads each slot
 * with its weekday and hour headers and its figures in words.
 */
export function SpendingHeatmap({ filters, currency, live }: { filters: ReportFilterInput; currency: string; live: readonly string[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [metric, setMetric] = useState<Metric>('purchases');
  const report = useQuery('report-spending-heatmap', filters, live);
  const rows = report.data?.rows ?? [];
  const money = (n: number) => formatMoney(n, report.data?.currency ?? currency, lang);
  const compact = new Intl.NumberFormat(numberLocale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  const scale = 10 ** (CURRENCY_EXPONENTS[report.data?.currency ?? currency] ?? 2);
  const value = (r: { purchases: number; net_minor: number }) => (metric === 'purchases' ? r.purchases : r.net_minor);
  const max = rows.reduce((m, r) => Math.max(m, value(r)), 0);
  const days = [...new Set(rows.map((r) => r.weekday))];
  const at = new Map(rows.map((r) => [`${r.weekday}:${r.hour}`, r]));
  const busiest = rows.reduce<(typeof rows)[number] | null>((best, r) => (value(r) > (best ? value(best) : 0) ? r : best), null);
  const empty = report.data !== undefined && report.data.totals.purchases === 0 && report.data.totals.refunds_minor === 0;
  const title = t('reports.heatmap.title');

  return (
    <Panel
      title={title}
      testId="spending-heatmap"
      actions={
        <>
          <div className="segmented" role="group" aria-label={t('reports.heatmap.metric')}>
            {(['purchases', 'net'] as const).map((m) => (
              <button key={m} type="button" aria-pressed={metric === m} onClick={() => setMetric(m)}>
                {t(`reports.heatmap.metrics.${m}`)}
              </button>
            ))}
          </div>
          <ExportButtons report="spending-heatmap" params={filters} what={title} />
        </>
      }
    >
      <div className="panel__body stack">
        {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
        {!report.data && !report.error ? <div className="report-heatmap report-heatmap--loading skeleton-row" aria-busy="true" role="status" aria-label={t('common.loading')} /> : null}
        {empty ? <p className="muted">{t('reports.spending.empty')}</p> : null}
        {report.data && !empty ? (
          <>
            <p className="muted report-heatmap__lead">
              {busiest
                ? t('reports.heatmap.busiest', {
                    slot: `${weekdayName(busiest.weekday, lang, 'long')} ${hh(busiest.hour, lang)}–${hh((busiest.hour + 1) % 24, lang)}`,
                    value: metric === 'purchases' ? t('reports.spending.purchases', { count: busiest.purchases }) : money(busiest.net_minor),
                  })
                : null}{' '}
              {report.data.timezone ? t('reports.heatmap.zone', { zone: report.data.timezone }) : null}
            </p>
            <div className="table-wrap">
              <table className="report-heatmap" data-metric={metric}>
                <caption className="visually-hidden">
                  {title} ({t(`reports.heatmap.metrics.${metric}`)})
                </caption>
                <thead>
                  <tr>
                    <td />
                    {HOURS.map((h) => (
                      <th key={h} scope="col" abbr={hh(h, lang)}>
                        {String(h).padStart(2, '0')}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {days.map((d) => (
                    <tr key={d}>
                      <th scope="row" abbr={weekdayName(d, lang, 'long')}>
                        {weekdayName(d, lang, 'short')}
                      </th>
                      {HOURS.map((h) => {
                        const r = at.get(`${d}:${h}`);
                        const v = r ? value(r) : 0;
                        const step = heatStep(v, max);
                        const label = `${weekdayName(d, lang, 'long')} ${hh(h, lang)}–${hh((h + 1) % 24, lang)}: ${t('reports.spending.purchases', { count: r?.purchases ?? 0 })}, ${money(r?.net_minor ?? 0)}`;
                        return (
                          <td key={h} style={{ background: heatColour(step), color: heatInk(step) }} title={label} data-step={step}>
                            <span aria-hidden="true">{v === 0 ? '' : metric === 'purchases' ? formatPoints(v, lang) : compact.format(v / scale)}</span>
                            <span className="visually-hidden">{label}</span>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="report-heatmap__legend" aria-hidden="true">
              <span>{t('reports.heatmap.less')}</span>
              {Array.from({ length: HEAT_STEPS + 1 }, (_, s) => (
                <span key={s} className="report-heatmap__swatch" style={{ background: heatColour(s) }} />
              ))}
              <span>{t('reports.heatmap.more')}</span>
            </div>
          </>
        ) : null}
      </div>
    </Panel>
  );
}
