import { useTranslation } from 'react-i18next';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CURRENCY_EXPONENTS } from '../../../core/kernel/money.js';
import { formatCalendarDate } from '../../format/dates.js';
import { formatMoney, numberLocale } from '../../format/money.js';
import { useLang } from '../../i18n/i18n.js';

export interface SalesPoint {
  bucket: string;
  gross_minor: number;
}

export interface DecisionPoint {
  bucket: string;
  approved: number;
  declined: number;
}

const short = (bucket: string, lang: 'id' | 'en') => formatCalendarDate(bucket, lang).replace(/\s\d{4}$/, '');

/**
 * The dashboard's charts (recharts). Loaded apart from the first screen's code, so the dashboard is
 * usable before the chart library has arrived.
 */
export default function DashboardCharts({ sales, decisions, currency }: { sales: SalesPoint[]; decisions: DecisionPoint[]; currency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const scale = 10 ** (CURRENCY_EXPONENTS[currency] ?? 2);
  const compact = new Intl.NumberFormat(numberLocale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  const salesData = sales.map((s) => ({ day: short(s.bucket, lang), value: s.gross_minor / scale }));
  const decisionData = decisions.map((d) => ({ day: short(d.bucket, lang), approved: d.approved, declined: d.declined }));
  return (
    <div className="grid-2">
      <figure className="panel panel__body chart-panel" aria-labelledby="sales-chart-title">
        <figcaption id="sales-chart-title" className="chart-panel__title">
          {t('dash.salesChart')}
        </figcaption>
        <div className="chart" role="img" aria-label={t('dash.salesChart')}>
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={salesData} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <defs>
                <linearGradient id="sales-fill" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor="#1f5f8b" stopOpacity={0.35} />
                  <stop offset="100%" stopColor="#1f5f8b" stopOpacity={0.02} />
                </linearGradient>
              </defs>
              <CartesianGrid strokeDasharray="3 3" stroke="#dde1e7" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11, fill: '#5a6472' }} interval="preserveStartEnd" minTickGap={24} />
              <YAxis tick={{ fontSize: 11, fill: '#5a6472' }} tickFormatter={(v: number) => compact.format(v)} width={48} />
              <Tooltip formatter={(v) => [formatMoney(Number(v) * scale, currency, lang), t('dash.chartSales')]} />
              <Area type="monotone" dataKey="value" name={t('dash.chartSales')} stroke="#1f5f8b" strokeWidth={2} fill="url(#sales-fill)" isAnimationActive={false} />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="panel panel__body chart-panel" aria-labelledby="decisions-chart-title">
        <figcaption id="decisions-chart-title" className="chart-panel__title">
          {t('dash.decisionsChart')}
        </figcaption>
        <div className="chart" role="img" aria-label={t('dash.decisionsChart')}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={decisionData} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#dde1e7" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11, fill: '#5a6472' }} interval="preserveStartEnd" minTickGap={24} />
              <YAxis tick={{ fontSize: 11, fill: '#5a6472' }} allowDecimals={false} width={36} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="approved" name={t('dash.chartApproved')} stackId="d" fill="#17703f" isAnimationActive={false} />
              <Bar dataKey="declined" name={t('dash.chartDeclined')} stackId="d" fill="#b42318" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
