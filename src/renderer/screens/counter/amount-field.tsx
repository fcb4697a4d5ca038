import { useTranslation } from 'react-i18next';
import type { Ref } from 'react';
import { formatMoney } from '../../format/money.js';
import { parseMoneyInput } from '../../format/money-input.js';
import { useLang } from '../../i18n/i18n.js';

/** A big amount box: the cashier types "25000", the line under it says "Rp 25.000" as it will be charged. */
export function AmountField({ id, label, value, onChange, currency, error, inputRef, shortcut }: { id: string; label: string; value: string; onChange(value: string): void; currency: string; error?: string | null | undefined; inputRef?: Ref<HTMLInputElement>; shortcut?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const minor = parseMoneyInput(value, currency);
  const echo = minor !== null && minor > 0 ? formatMoney(minor, currency, lang) : t('counter.purchase.amountHint');
  return (
    <div className="field">
      <label className="counter-label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        className="input input--xl mono"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-echo${error ? ` ${id}-error` : ''}`}
        aria-keyshortcuts={shortcut}
      />
      <span id={`${id}-echo`} className="amount-echo" aria-live="polite">
        {echo}
      </span>
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
