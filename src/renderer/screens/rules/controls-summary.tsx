import { useTranslation } from 'react-i18next';
import type { SpendingControls } from '../../../core/controls/spending-controls.js';
import { countryName } from '../../format/countries.js';
import { formatMoney } from '../../format/money.js';
import { useLang } from '../../i18n/i18n.js';

/** Spending controls as sentences ("Rp 500.000 per day"), for a card page or a program. */
export function ControlsSummary({ controls, currency, locationNames }: { controls: SpendingControls; currency: string; locationNames?: Map<string, string> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const lines: string[] = [];
  const names = (ids: string[]) => ids.map((id) => locationNames?.get(id) ?? id).join(', ');
  // A named group (suppliers) in the reader's words; an MCC stays a code.
  const categories = (list: string[]) => list.map((c) => (/^\d+$/.test(c) ? c : t(`rules.groups.${c}` as 'rules.groups.suppliers', { defaultValue: c }))).join(', ');
  for (const limit of controls.spending_limits) {
    const args = { amount: formatMoney(limit.amount, currency, lang), interval: t(`rules.editor.intervals.${limit.interval}`) };
    lines.push(limit.categories?.length ? t('rules.summary.limitOn', { ...args, categories: categories(limit.categories) }) : t('rules.summary.limit', args));
  }
  if (controls.allowed_categories) lines.push(t('rules.summary.allowedCategories', { list: categories(controls.allowed_categories) }));
  if (controls.blocked_categories) lines.push(t('rules.summary.blockedCategories', { list: categories(controls.blocked_categories) }));
  const countries = (codes: string[]) => codes.map((code) => countryName(code, lang)).join(', ');
  if (controls.allowed_countries) lines.push(t('rules.summary.allowedCountries', { list: countries(controls.allowed_countries) }));
  if (controls.blocked_countries) lines.push(t('rules.summary.blockedCountries', { list: countries(controls.blocked_countries) }));
  if (controls.allowed_merchants) lines.push(t('rules.summary.allowedMerchants', { list: controls.allowed_merchants.join(', ') }));
  if (controls.allowed_locations) lines.push(t('rules.summary.allowedLocations', { list: names(controls.allowed_locations) }));
  if (controls.time_windows?.length) lines.push(t('rules.summary.timeWindows', { count: controls.time_windows.length }));
  for (const v of controls.velocity_limits) lines.push(t('rules.summary.velocity', { count: v.count, interval: t(`rules.editor.velocityIntervals.${v.interval}`) }));
  if (controls.single_use) lines.push(t('rules.summary.singleUse'));
  if (controls.merchant_lock) lines.push(t('rules.summary.merchantLock'));
  if (lines.length === 0) return <p className="muted">{t('cardDetail.controls.none')}</p>;
  return (
    <ul className="plain-list" data-testid="controls-summary">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
