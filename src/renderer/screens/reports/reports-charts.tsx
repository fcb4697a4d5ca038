import { useTranslation } from 'react-i18next';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CURRENCY_EXPONENTS } from '../../../core/kernel/money.js';
import { formatCalendarDate } from '../../format/dates.js';
import { formatMoney, numberLocale } from '../../format/money.js';
import { useLang } from '../../i18n/i18n.js';
import { reasonText } from '../../ui/decision.js';

const short = (bucket: string, lang: 'id' | 'en') => formatCalendarDate(bucket, lang).replace(/\s\d{4}$/, '');
const TICK = { fontSize: 11, fill: '#5a6472' };
/** Enough distinct colours for the usual handful of decline reasons; more repeat. */
const REASON_COLOURS = ['#b42318', '#c4320a', '#b54708', '#7a2e0e', '#912018', '#dc6803', '#6e3a8a', '#444ce7'];

/** Net spending per day (recharts; loaded after the figures, as the dashboard's charts are). */
export function SpendingChart({ rows, currency }: { rows: ReadonlyArray<{ bucket: string; net_minor: number }>; currency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const scale = 10 ** (CURRENCY_EXPONENTS[currency] ?? 2);
  const compact = new Intl.NumberFormat(numberLocale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  const data = rows.map((r) => ({ day: short(r.bucket, lang), value: r.net_minor / scale }));
  return (
    <figure className="panel panel__body chart-panel" aria-labelledby="report-spending-chart">
      <figcaption id="report-spending-chart" className="chart-panel__title">
        {t('reports.spending.byDay')}
      </figcaption>
      <div className="chart" role="img" aria-label={t('reports.spending.byDay')} data-testid="spending-chart">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <defs>
              <linearGradient id="report-sales-fill" x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor="#1f5f8b" stopOpacity={0.35} />
                <stop offset="100%" stopColor="#1f5f8b" stopOpacity={0.02} />
              </linearGradient>
            </defs>
            <CartesianGrid strokeDasharray="3 3" stroke="#dde1e7" vertical={false} />
            <XAxis dataKey="day" tick={TICK} interval="preserveStartEnd" minTickGap={24} />
            <YAxis tick={TICK} tickFormatter={(v: number) => compact.format(v)} width={48} />
            <Tooltip formatter={(v) => [formatMoney(Number(v) * scale, currency, lang), t('reports.spending.chartSales')]} />
            <Area type="monotone" dataKey="value" name={t('reports.spending.chartSales')} stroke="#1f5f8b" strokeWidth={2} fill="url(#report-sales-fill)" isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Declines per day, stacked by reason (the report's `declines.rows`: one count per reason name). */
export function DeclinesChart({ reasons, rows }: { reasons: readonly string[]; rows: ReadonlyArray<Record<string, string | number>> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const data = rows.map((r) => ({ ...r, day: short(String(r.bucket), lang) }));
  return (
    <figure className="panel panel__body chart-panel" aria-labelledby="report-declines-chart">
      <figcaption id="report-declines-chart" className="chart-panel__title">
        {t('reports.authorizations.declinesOverTime')}
      </figcaption>
      <div className="chart" role="img" aria-label={t('reports.authorizations.declinesOverTime')} data-testid="declines-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#dde1e7" vertical={false} />
            <XAxis dataKey="day" tick={TICK} interval="preserveStartEnd" minTickGap={24} />
            <YAxis tick={TICK} allowDecimals={false} width={36} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {reasons.map((reason, i) => (
              <Bar key={reason} dataKey={reason} name={reasonText(t, reason)} stackId="r" fill={REASON_COLOURS[i % REASON_COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
