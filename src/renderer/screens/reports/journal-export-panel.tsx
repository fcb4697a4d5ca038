import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountCode as LedgerCode } from '../../../core/ledger/accounts.js';
import { formatMoney, numberLocale } from '../../format/money.js';
import { useMutation } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { errorFor, Field } from '../../ui/field.js';
import { ErrorNotice, SuccessNotice } from '../../ui/states.js';
import { downloadFile } from './download.js';
import { Panel } from './report-parts.js';

type Format = 'generic' | 'xero';
const BANK_ACCOUNTS: readonly LedgerCode[] = ['issuer_cash', 'card_funds', 'company_funds', 'merchant_settlement', 'fees_income', 'rewards_liability', 'credit_facility', 'fx'];

/** First and last day of the month `back` months before the one `today` is in. */
export function monthRange(today: string, back: number): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 - back, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { from: iso(first), to: back === 0 ? today : iso(last) };
}

interface Result {
  files: number;
  lines: number;
  debit: number;
  credit: number;
  name: string;
}

/**
 * The ledger as journal lines for the accountant: the generic CSV (date, account, debit, credit in
 * minor units, currency, reference; the journal balances and re-imports to the same totals) or
 * Xero's bank statement CSV for one account and currency (a long statement comes in parts of at
 * most 1,000 lines, each downloaded).
 */
export function JournalExportPanel({ initial, today, currencies }: { initial: { from: string; to: string }; today: string; currencies: readonly string[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [range, setRange] = useState(initial);
  const [format, setFormat] = useState<Format>('generic');
  const [account, setAccount] = useState<LedgerCode>('issuer_cash');
  const [currency, setCurrency] = useState('');
  const exporter = useMutation('journal-export');
  const [result, setResult] = useState<Result | null>(null);
  const bad = range.from > range.to;
  // Debits and credits add every line: in money only when the books have one currency.
  const single = currencies.length === 1 ? currencies[0]! : null;
  const money = (n: number) => (single ? formatMoney(n, single, lang) : new Intl.NumberFormat(numberLocale(lang)).format(n));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    const out = await exporter.run({ from: range.from, to: range.to, format, ...(format === 'xero' ? { account, ...(currency ? { currency } : {}) } : {}) });
    if (!out) return;
    for (const file of out.files) downloadFile(file);
    setResult({ files: out.files.length, lines: out.files.reduce((s, f) => s + f.rows, 0), debit: out.debit_minor, credit: out.credit_minor, name: out.filename });
  };

  return (
    <Panel title={t('reports.journal.title')} testId="journal-export">
      <form className="panel__body stack" onSubmit={(e) => void submit(e)} aria-label={t('reports.journal.title')}>
        <p className="muted">{t('reports.journal.intro')}</p>
        <div className="toolbar report-filters">
          <Field label={t('reports.from')} error={errorFor(exporter.error, 'from')}>
            <input className="input" type="date" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} />
          </Field>
          <Field label={t('reports.to')} error={errorFor(exporter.error, 'to') ?? (bad ? t('reports.journal.badRange') : undefined)}>
            <input className="input" type="date" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} />
          </Field>
          <div className="report-quick" role="group" aria-label={t('reports.journal.quick')}>
            <button type="button" className="btn btn--small" onClick={() => setRange(monthRange(today, 0))}>
              {t('reports.journal.thisMonth')}
            </button>
            <button type="button" className="btn btn--small" onClick={() => setRange(monthRange(today, 1))}>
              {t('reports.journal.lastMonth')}
            </button>
          </div>
        </div>
        <fieldset className="form__group">
          <legend>{t('reports.journal.format')}</legend>
          <div className="radio-row">
            {(['generic', 'xero'] as const).map((f) => (
              <label key={f} className="radio-card">
                <input type="radio" name="journal-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
                <span>
                  <span className="cell-strong">{t(`reports.journal.formats.${f}`)}</span>
                  <span className="cell-sub">{t(`reports.journal.formatHints.${f}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {format === 'xero' ? (
          <div className="toolbar report-filters">
            <Field label={t('reports.journal.account')} hint={t('reports.journal.accountHint')} error={errorFor(exporter.error, 'account')}>
              <select className="select" value={account} onChange={(e) => setAccount(e.target.value as LedgerCode)}>
                {BANK_ACCOUNTS.map((c) => (
                  <option key={c} value={c}>
                    {t(`reports.mapping.ledger.${c}`)} ({c})
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('reports.journal.currency')} optional error={errorFor(exporter.error, 'currency')}>
              <select className="select" value={currency} onChange={(e) => setCurrency(e.target.value)}>
                <option value="">{t('reports.journal.currencyAuto')}</option>
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        ) : null}
        {exporter.error && !['from', 'to', 'account', 'currency'].includes(exporter.error.param ?? '') ? <ErrorNotice error={exporter.error} /> : null}
        {result ? (
          <SuccessNotice>
            <span data-testid="journal-result">
              {t('reports.journal.saved', { file: result.name, count: result.lines })}{' '}
              {result.files > 1 ? t('reports.journal.parts', { count: result.files }) : null}{' '}
              {t(result.debit === result.credit ? 'reports.journal.balanced' : 'reports.journal.unbalanced', {
                debit: money(result.debit),
                credit: money(result.credit),
              })}
            </span>
          </SuccessNotice>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={exporter.pending || bad}>
            {exporter.pending ? t('reports.exporting') : t('reports.journal.download')}
          </button>
        </div>
      </form>
    </Panel>
  );
}
