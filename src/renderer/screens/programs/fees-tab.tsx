import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Caps, Fees, Program } from '../../../core/programs/program.js';
import { formatMoney } from '../../format/money.js';
import { minorToInput, parseMoneyInput } from '../../format/money-input.js';
import { useMutation } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { Field, errorFor } from '../../ui/field.js';
import { ErrorNotice, SuccessNotice } from '../../ui/states.js';

const CAP_KEYS = ['per_authorization', 'daily', 'weekly', 'monthly', 'yearly', 'all_time', 'balance', 'credit_limit'] as const satisfies readonly (keyof Caps)[];
const FEE_KEYS = ['issuance', 'monthly_admin', 'per_transaction'] as const satisfies readonly (keyof Fees)[];
const FEE_LABELS = { issuance: 'issuance', monthly_admin: 'monthly', per_transaction: 'perTransaction' } as const;

/** What cards of the program cost (each fee its own ledger line) and the most they may be allowed. */
export function FeesTab({ program, canEdit, onSaved }: { program: Program; canEdit: boolean; onSaved(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const update = useMutation('program-update');
  const cur = program.currency;
  const [fees, setFees] = useState(() => Object.fromEntries(FEE_KEYS.map((k) => [k, program.fees[k] ? minorToInput(program.fees[k], cur) : ''])) as Record<(typeof FEE_KEYS)[number], string>);
  const [fx, setFx] = useState(program.fees.fx_bps ? String(program.fees.fx_bps / 100) : '');
  const [caps, setCaps] = useState(() => Object.fromEntries(CAP_KEYS.map((k) => [k, program.caps[k] !== null ? minorToInput(program.caps[k]!, cur) : ''])) as Record<(typeof CAP_KEYS)[number], string>);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const result = await update.run({
      id: program.id,
      fees: {
        ...Object.fromEntries(FEE_KEYS.map((k) => [k, parseMoneyInput(fees[k], cur) ?? 0])),
        fx_bps: Math.round(Number((fx || '0').replace(',', '.')) * 100),
      },
      caps: Object.fromEntries(CAP_KEYS.map((k) => [k, caps[k].trim() ? (parseMoneyInput(caps[k], cur) ?? -1) : null])),
    });
    if (result) {
      setSaved(true);
      onSaved();
    }
  };
  const err = update.error;
  const echo = (text: string) => {
    const minor = parseMoneyInput(text, cur);
    return minor ? formatMoney(minor, cur, lang) : undefined;
  };
  return (
    <form className="panel panel__body form" onSubmit={submit} noValidate aria-label={t('programDetail.tabs.fees')}>
      {saved ? <SuccessNotice>{t('programDetail.fees.saved')}</SuccessNotice> : null}
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <fieldset className="controls-editor" disabled={!canEdit}>
        <legend className="detail__subtitle">{t('programDetail.fees.title')}</legend>
        <div className="form__row form__row--aligned">
          {FEE_KEYS.map((k) => (
            <Field key={k} label={t(`programDetail.fees.${FEE_LABELS[k]}`)} hint={echo(fees[k])} error={errorFor(err, `fees.${k}`)} optional>
              <input className="input mono" inputMode="numeric" value={fees[k]} onChange={(e) => setFees((f) => ({ ...f, [k]: e.target.value }))} />
            </Field>
          ))}
          <Field label={t('programDetail.fees.fx')} error={errorFor(err, 'fees.fx_bps')} optional>
            <input className="input mono" inputMode="decimal" value={fx} onChange={(e) => setFx(e.target.value)} />
          </Field>
        </div>
      </fieldset>
      <fieldset className="controls-editor" disabled={!canEdit}>
        <legend className="detail__subtitle">{t('programDetail.fees.capsTitle')}</legend>
        <p className="field__hint">{t('programDetail.fees.capsHint')}</p>
        <div className="cap-grid form__row--aligned">
          {CAP_KEYS.map((k) => (
            <Field key={k} label={t(`programDetail.fees.caps.${k}`)} hint={echo(caps[k])} error={errorFor(err, `caps.${k}`)} optional>
              <input className="input mono" inputMode="numeric" value={caps[k]} onChange={(e) => setCaps((c) => ({ ...c, [k]: e.target.value }))} />
            </Field>
          ))}
        </div>
      </fieldset>
      {canEdit ? (
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={update.pending}>
            {t('programDetail.fees.save')}
          </button>
        </div>
      ) : null}
    </form>
  );
}
