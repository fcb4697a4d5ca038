import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../client/kartu-client.js';
import { formatMoney } from '../../format/money.js';
import { minorToInput, parseMoneyInput } from '../../format/money-input.js';
import { formatPoints } from '../../format/points.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { useCan } from '../../state/session.js';
import { errorFor } from '../../ui/field.js';
import { ErrorNotice } from '../../ui/states.js';
import { Panel } from './report-parts.js';

type Liability = Output<'report-loyalty'>['liability'];

/**
 * What the business owes its members now: the points outstanding in money (at the owner's value
 * per point, or the best value the catalogue offers for a point) and the cashback not yet on the
 * cards. The owner can set the value per point of a program here.
 */
export function LiabilityPanel({ liability, currency, program, onValueSaved }: { liability: Liability; currency: string; program: string | null; onValueSaved(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const money = (n: number) => formatMoney(n, currency, lang);
  const value = liability.point_values.length === 1 ? liability.point_values[0] : undefined;
  const cashback = liability.cashback;
  const owed = liability.points_minor === null ? null : liability.points_minor + (cashback.undelivered_minor ?? 0);
  return (
    <Panel title={t('reports.liability.title')} testId="report-liability-panel">
      <div className="panel__body stack">
        <dl className="kv">
          <dt>{t('reports.liability.points')}</dt>
          <dd>{t('reports.loyalty.points', { points: formatPoints(liability.points_outstanding, lang) })}</dd>
          <dt>{t('reports.liability.value')}</dt>
          <dd>
            {value
              ? t(value.source === 'setting' ? 'reports.liability.valueSetting' : 'reports.liability.valueCatalogue', { amount: money(value.minor), count: value.per_points })
              : liability.point_values.length > 1
                ? t('reports.liability.valueSeveral')
                : <span className="tone-warning">{t('reports.liability.valueUnknown')}</span>}
          </dd>
          <dt>{t('reports.liability.pointsMoney')}</dt>
          <dd className="cell-strong" data-testid="report-liability-points">{liability.points_minor === null ? '—' : money(liability.points_minor)}</dd>
          <dt>{t('reports.liability.cashbackIssued')}</dt>
          <dd>{money(cashback.issued_to_date_minor)}</dd>
          <dt>{t('reports.liability.cashbackUndelivered')}</dt>
          <dd>{cashback.undelivered_minor === null ? '—' : money(cashback.undelivered_minor)}</dd>
          <dt className="cell-strong">{t('reports.liability.total')}</dt>
          <dd className="cell-strong" data-testid="report-liability-total">{owed === null ? '—' : money(owed)}</dd>
        </dl>
        {cashback.reason ? <p className="muted">{t('reports.liability.shared')}</p> : null}
        {program ? <PointValueForm program={program} currency={currency} onSaved={onValueSaved} /> : <p className="muted">{t('reports.liability.chooseProgram')}</p>}
      </div>
    </Panel>
  );
}

/** The owner's value of one point for a program (empty: take it from the catalogue). */
function PointValueForm({ program, currency, onSaved }: { program: string; currency: string; onSaved(): void }) {
  const { t } = useTranslation();
  const isOwner = useCan('owner');
  const current = useQuery('report-settings-get', { program });
  const save = useMutation('report-settings-update');
  const [text, setText] = useState<string | null>(null);
  const [badInput, setBadInput] = useState(false);
  const [saved, setSaved] = useState(false);
  const hintId = useId();
  if (!isOwner) return null;
  const fieldError = badInput ? t('reports.liability.valueInvalid') : errorFor(save.error, 'point_value_minor');
  const stored = current.data?.point_value_minor ?? null;
  const shown = text ?? (stored === null ? '' : minorToInput(stored, currency));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const trimmed = shown.trim();
    const minor = trimmed === '' ? null : parseMoneyInput(trimmed, currency);
    if (trimmed !== '' && minor === null) {
      setBadInput(true);
      return;
    }
    setBadInput(false);
    const out = await save.run({ program, point_value_minor: minor });
    if (out) {
      setText(null);
      setSaved(true);
      current.reload();
      onSaved();
    }
  };

  return (
    <form className="stack stack--tight" onSubmit={(e) => void submit(e)} aria-label={t('reports.liability.setValue')}>
      <div className="toolbar">
        {/* Labelled by hand: the hint sits under the row, so the button lines up with the input. */}
        <div className="field">
          <label className="field__label" htmlFor={`${hintId}-input`}>
            {t('reports.liability.valueField', { currency })}
          </label>
          <input
            id={`${hintId}-input`}
            className="input"
            inputMode="numeric"
            value={shown}
            onChange={(e) => {
              setText(e.target.value);
              setSaved(false);
            }}
            placeholder={t('reports.liability.valuePlaceholder')}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${hintId} ${hintId}-error` : hintId}
          />
        </div>
        <button type="submit" className="btn" disabled={save.pending}>
          {t('common.save')}
        </button>
        <span role="status" className="tone-success">
          {saved ? t('reports.liability.valueSaved') : ''}
        </span>
      </div>
      {fieldError ? (
        <p className="field__error" id={`${hintId}-error`}>
          {fieldError}
        </p>
      ) : null}
      <p className="field__hint" id={hintId}>
        {t('reports.liability.valueHint')}
      </p>
      {save.error && !errorFor(save.error, 'point_value_minor') ? <ErrorNotice error={save.error} /> : null}
    </form>
  );
}
