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

export type SeriesPeriod = 'day' | 'week' | 'month';

/** A series bucket as people write it: 26 Nov (a day, or a week by its first day), Nov 2026 (a month). */
function bucketLabel(bucket: string, period: SeriesPeriod, lang: 'id' | 'en'): string {
  if (period !== 'month') return short(bucket, lang);
  const [y, m] = bucket.split('-').map(Number);
  if (!y || !m) return bucket;
  return new Intl.DateTimeFormat(numberLocale(lang), { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/**
 * Net spending per day (an area), week or month (bars: a handful of buckets). Recharts, loaded
 * after the figures, as the dashboard's charts are. The panel around it is the caller's.
 */
export function SpendingChart({ rows, currency, period = 'day', label }: { rows: ReadonlyArray<{ bucket: string; net_minor: number }>; currency: string; period?: SeriesPeriod; label: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const scale = 10 ** (CURRENCY_EXPONENTS[currency] ?? 2);
  const compact = new Intl.NumberFormat(numberLocale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  const data = rows.map((r) => ({ day: bucketLabel(r.bucket, period, lang), value: r.net_minor / scale }));
  const tooltip = (v: unknown) => [formatMoney(Number(v) * scale, currency, lang), t('reports.spending.chartSales')] as [string, string];
  return (
    <div className="chart" role="img" aria-label={label} data-testid="spending-chart">
      <ResponsiveContainer width="100%" height="100%">
        {period === 'day' ? (
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
            <Tooltip formatter={tooltip} />
            <Area type="monotone" dataKey="value" name={t('reports.spending.chartSales')} stroke="#1f5f8b" strokeWidth={2} fill="url(#report-sales-fill)" isAnimationActive={false} />
          </AreaChart>
        ) : (
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#dde1e7" vertical={false} />
            <XAxis dataKey="day" tick={TICK} interval="preserveStartEnd" minTickGap={16} />
            <YAxis tick={TICK} tickFormatter={(v: number) => compact.format(v)} width={48} />
            <Tooltip formatter={tooltip} />
            <Bar dataKey="value" name={t('reports.spending.chartSales')} fill="#1f5f8b" maxBarSize={48} isAnimationActive={false} />
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

/** Members per tier now (horizontal bars: tier names read on the left). */
export function TierChart({ rows, label }: { rows: ReadonlyArray<{ name: string; members: number }>; label: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const count = new Intl.NumberFormat(numberLocale(lang));
  return (
    <div className="chart chart--short" role="img" aria-label={label} data-testid="tier-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows.map((r) => ({ ...r }))} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#dde1e7" horizontal={false} />
          <XAxis type="number" tick={TICK} allowDecimals={false} tickFormatter={(v: number) => count.format(v)} />
          <YAxis type="category" dataKey="name" tick={TICK} width={96} />
          <Tooltip formatter={(v) => [count.format(Number(v)), t('reports.loyalty.membersCol')]} />
          <Bar dataKey="members" name={t('reports.loyalty.membersCol')} fill="#3d8bbe" maxBarSize={28} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Declines per day, stacked by reason (the report's `declines.rows`: one count per reason name). */
export function DeclinesChart({ reasons, rows, label }: { reasons: readonly string[]; rows: ReadonlyArray<Record<string, string | number>>; label: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const data = rows.map((r) => ({ ...r, day: short(String(r.bucket), lang) }));
  return (
    <div className="chart" role="img" aria-label={label} data-testid="declines-chart">
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
  );
}
