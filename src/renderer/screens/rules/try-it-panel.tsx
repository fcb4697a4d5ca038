import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpendingControlsInput } from '../../../core/controls/spending-controls.js';
import type { Location } from '../../../core/programs/location-handlers.js';
import { formatMoney } from '../../format/money.js';
import { parseMoneyInput } from '../../format/money-input.js';
import { useMutation } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { DecisionBadge, reasonText, TraceView } from '../../ui/decision.js';
import { Field, errorFor } from '../../ui/field.js';
import { ErrorNotice } from '../../ui/states.js';

interface TryItProps {
  /** The card whose rules are edited; a program's defaults have no card to try them on. */
  card: string | null;
  currency: string;
  /** The rules as edited (not saved yet), or null when a field is not valid (the editor marks it). */
  controls(): SpendingControlsInput | null;
  locations: readonly Location[];
  disabledReason?: string | undefined;
}

/**
 * "Try it": a purchase decided by the engine under the rules as edited, written nowhere (rules-try
 * runs the real decision in a transaction it always rolls back), with the rule trace that decided it.
 */
export function TryItPanel({ card, currency, controls, locations, disabledReason }: TryItProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const attempt = useMutation('rules-try');
  const [form, setForm] = useState({ location: '', name: '', mcc: '5814', country: 'ID', amount: '' });
  const [result, setResult] = useState<Awaited<ReturnType<typeof attempt.run>>>(undefined);
  const [amountError, setAmountError] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const amount = parseMoneyInput(form.amount, currency);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!card) return;
    if (amount === null || amount <= 0) {
      setAmountError(t('counter.invalidAmount'));
      return;
    }
    setAmountError(null);
    const proposed = controls();
    if (!proposed) return;
    const where = form.location ? { location: form.location } : { merchant: { name: form.name.trim(), mcc: form.mcc.trim(), country: form.country.trim().toUpperCase() } };
    setResult(await attempt.run({ card, amount, spending_controls: proposed, ...where }));
  };

  const err = attempt.error;
  const unavailable = disabledReason ?? (card ? undefined : t('rules.tryIt.cardOnly'));
  return (
    <section className="panel panel__body" aria-labelledby="try-it-title">
      <h2 id="try-it-title">{t('rules.tryIt.title')}</h2>
      <p className="muted">{t('rules.tryIt.text')}</p>
      {unavailable ? (
        <p className="muted" data-testid="try-it-unavailable">
          {unavailable}
        </p>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          {err && !err.param ? <ErrorNotice error={err} /> : null}
          <Field label={t('rules.tryIt.branch')} error={errorFor(err, 'location')}>
            <select className="select" value={form.location} onChange={set('location')}>
              <option value="">{t('rules.tryIt.otherMerchant')}</option>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Field>
          {form.location ? null : (
            <div className="form__row">
              <Field label={t('rules.tryIt.merchant')} error={errorFor(err, 'merchant.name')}>
                <input className="input" value={form.name} onChange={set('name')} maxLength={100} />
              </Field>
              <Field label={t('rules.tryIt.mcc')} error={errorFor(err, 'merchant.mcc')}>
                <input className="input mono" inputMode="numeric" value={form.mcc} onChange={set('mcc')} maxLength={4} />
              </Field>
              <Field label={t('rules.tryIt.country')} error={errorFor(err, 'merchant.country')}>
                <input className="input mono" value={form.country} onChange={set('country')} maxLength={2} />
              </Field>
            </div>
          )}
          <Field label={t('rules.tryIt.amount')} hint={amount !== null && amount > 0 ? formatMoney(amount, currency, lang) : undefined} error={amountError ?? errorFor(err, 'amount')}>
            <input className="input mono" inputMode="numeric" value={form.amount} onChange={set('amount')} />
          </Field>
          <div>
            <button type="submit" className="btn btn--primary" disabled={attempt.pending}>
              {attempt.pending ? t('rules.tryIt.running') : t('rules.tryIt.run')}
            </button>
          </div>
        </form>
      )}
      {result && !attempt.pending ? (
        <div className="stack" data-testid="try-it-result" role="status">
          <p>
            <DecisionBadge approved={result.approved} code={result.response_code} /> {formatMoney(result.approved ? result.amount : result.requested_amount, result.currency, lang)}
            {result.approved ? null : <span className="danger-text"> · {reasonText(t, result.decline_reason)}</span>}
          </p>
          <p className="muted">{t('rules.tryIt.nothingWritten')}</p>
          <TraceView trace={result.trace} currency={result.currency} />
        </div>
      ) : null}
    </section>
  );
}
