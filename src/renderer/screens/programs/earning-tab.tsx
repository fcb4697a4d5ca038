import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Program } from '../../../core/programs/program.js';
import type { RuleType } from '../../../core/rewards/earning-rule.js';
import { formatCalendarDate, formatClock } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { parseMoneyInput } from '../../format/money-input.js';
import { useMutation } from '../../hooks/use-command.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang, type Lang } from '../../i18n/i18n.js';
import { Badge } from '../../ui/badge.js';
import { Field, errorFor } from '../../ui/field.js';
import { FormActions } from '../../ui/form-actions.js';
import { ListTab, pagedState, type ListTabCreate } from '../../ui/list-tab.js';
import { ErrorNotice } from '../../ui/states.js';

/** The rule kinds the form offers (the rest stay available through the API). */
const FORM_TYPES = ['spend', 'visit', 'time_window', 'cashback', 'first_purchase', 'signup', 'birthday'] as const satisfies readonly RuleType[];
type FormType = (typeof FORM_TYPES)[number];

interface RuleView {
  type: RuleType;
  points?: number;
  unit_minor?: number;
  multiplier?: number;
  days?: number[];
  start?: string;
  end?: string;
  rate_bps?: number;
  bonus_points?: number;
  cashback_bps?: number;
}

export function describeRule(t: TFunction, rule: RuleView, currency: string, lang: Lang): string {
  const weekdays = t('programDetail.earning.weekdays', { returnObjects: true }) as string[];
  const parts: string[] = [];
  if (rule.type === 'spend') parts.push(t('programDetail.earning.describe.spend', { points: rule.points, unit: formatMoney(rule.unit_minor ?? 0, currency, lang) }));
  else if (rule.type === 'visit') parts.push(t('programDetail.earning.describe.visit', { points: rule.points }));
  else if (rule.points) parts.push(t('programDetail.earning.describe.bonus', { points: rule.points }));
  if (rule.multiplier) parts.push(t('programDetail.earning.describe.multiplier', { value: rule.multiplier }));
  if (rule.bonus_points) parts.push(t('programDetail.earning.describe.bonus', { points: rule.bonus_points }));
  if (rule.rate_bps || rule.cashback_bps) parts.push(t('programDetail.earning.describe.cashback', { percent: (rule.rate_bps ?? rule.cashback_bps ?? 0) / 100 }));
  if (rule.days && rule.start && rule.end) parts.push(t('programDetail.earning.describe.window', { days: rule.days.map((d) => weekdays[d]).join(', '), start: formatClock(rule.start, lang), end: formatClock(rule.end, lang) }));
  return parts.join(' · ');
}

export function EarningTab({ program, canEdit }: { program: Program; canEdit: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = usePagedList('earning-rule-list', { program: program.id }, ['rewards']);
  const archive = useMutation('earning-rule-archive');
  const create: ListTabCreate | undefined = canEdit
    ? {
        label: t('programDetail.earning.new'),
        title: t('programDetail.earning.createTitle'),
        created: (name) => t('programDetail.earning.created', { name }),
        form: (props) => <RuleForm program={program} {...props} />,
      }
    : undefined;
  return (
    <ListTab
      state={pagedState(list)}
      create={create}
      actionError={archive.error}
      empty={{ icon: 'rewards', title: t('programDetail.earning.empty') }}
      caption={t('programDetail.tabs.earning')}
      columns={4}
      head={
        <>
          <th scope="col">{t('programDetail.earning.columns.name')}</th>
          <th scope="col">{t('programDetail.earning.columns.does')}</th>
          <th scope="col">{t('programDetail.earning.columns.valid')}</th>
          <th scope="col">{t('programDetail.earning.columns.status')}</th>
        </>
      }
    >
      {list.items.map((rule) => (
        <tr key={rule.id}>
          <td>
            <span className="cell-strong">{rule.name}</span>
            <span className="cell-sub">{t(`programDetail.earning.types.${rule.type}`)}</span>
          </td>
          <td>{describeRule(t, rule as unknown as RuleView, program.currency, lang)}</td>
          <td className="nowrap">
            {rule.valid_from || rule.valid_until
              ? `${rule.valid_from ? formatCalendarDate(rule.valid_from, lang) : '…'} – ${rule.valid_until ? formatCalendarDate(rule.valid_until, lang) : '…'}`
              : t('programDetail.earning.always')}
          </td>
          <td>
            <div className="row-actions row-actions--start">
              <Badge tone={rule.status === 'active' ? 'success' : 'neutral'}>{rule.status === 'active' ? t('programs.status.active') : t('programDetail.earning.archived')}</Badge>
              {canEdit && rule.status === 'active' ? (
                <button type="button" className="btn btn--small" disabled={archive.pending} onClick={() => void archive.run({ id: rule.id }).then((r) => r && list.reload())}>
                  {t('programDetail.earning.archive')}
                </button>
              ) : null}
            </div>
          </td>
        </tr>
      ))}
    </ListTab>
  );
}

function RuleForm({ program, onDone, onCancel }: { program: Program; onDone(name: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const create = useMutation('earning-rule-create');
  const weekdays = t('programDetail.earning.weekdays', { returnObjects: true }) as string[];
  const [type, setType] = useState<FormType>('spend');
  const [form, setForm] = useState({ name: '', points: '1', unit: '10000', multiplier: '2', start: '14:00', end: '17:00', rate: '2' });
  const [days, setDays] = useState<number[]>([1, 2, 3, 4, 5]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const name = form.name.trim() ? { name: form.name.trim() } : {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const base = { program: program.id, ...name };
    const points = Number(form.points);
    const input =
      type === 'spend'
        ? { ...base, type, points, unit_minor: parseMoneyInput(form.unit, program.currency) ?? 0 }
        : type === 'visit' || type === 'first_purchase' || type === 'signup' || type === 'birthday'
          ? { ...base, type, points }
          : type === 'cashback'
            ? { ...base, type, rate_bps: Math.round(Number(form.rate.replace(',', '.')) * 100) }
            : { ...base, type, days, start: form.start, end: form.end, multiplier: Number(form.multiplier.replace(',', '.')) };
    const rule = await create.run(input);
    if (rule) onDone(rule.name);
  };
  const err = create.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <Field label={t('programDetail.earning.type')}>
        <select className="select" value={type} onChange={(e) => setType(e.target.value as FormType)}>
          {FORM_TYPES.map((ruleType) => (
            <option key={ruleType} value={ruleType}>
              {t(`programDetail.earning.types.${ruleType}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('programDetail.earning.name')} error={errorFor(err, 'name')} optional>
        <input className="input" value={form.name} onChange={set('name')} maxLength={100} placeholder={t(`programDetail.earning.types.${type}`)} />
      </Field>
      {type !== 'cashback' && type !== 'time_window' ? (
        <div className="form__row">
          <Field label={t('programDetail.earning.points')} error={errorFor(err, 'points')}>
            <input className="input mono" inputMode="numeric" value={form.points} onChange={set('points')} />
          </Field>
          {type === 'spend' ? (
            <Field label={t('programDetail.earning.unit')} hint={formatMoney(parseMoneyInput(form.unit, program.currency) ?? 0, program.currency, lang)} error={errorFor(err, 'unit_minor')}>
              <input className="input mono" inputMode="numeric" value={form.unit} onChange={set('unit')} />
            </Field>
          ) : null}
        </div>
      ) : null}
      {type === 'cashback' ? (
        <Field label={t('programDetail.earning.rate')} error={errorFor(err, 'rate_bps')}>
          <input className="input mono" inputMode="decimal" value={form.rate} onChange={set('rate')} />
        </Field>
      ) : null}
      {type === 'time_window' ? (
        <>
          <fieldset className="form__group">
            <legend>{t('programDetail.earning.days')}</legend>
            <div className="check-grid check-grid--days">
              {weekdays.map((label, day) => (
                <label key={label} className="check-row">
                  <input type="checkbox" checked={days.includes(day)} onChange={() => setDays((d) => (d.includes(day) ? d.filter((x) => x !== day) : [...d, day].sort()))} />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="form__row">
            <Field label={t('programDetail.earning.start')} error={errorFor(err, 'start')}>
              <input className="input" type="time" value={form.start} onChange={set('start')} />
            </Field>
            <Field label={t('programDetail.earning.end')} error={errorFor(err, 'end')}>
              <input className="input" type="time" value={form.end} onChange={set('end')} />
            </Field>
            <Field label={t('programDetail.earning.multiplier')} hint={t('programDetail.earning.multiplierHint')} error={errorFor(err, 'multiplier')}>
              <input className="input mono" inputMode="decimal" value={form.multiplier} onChange={set('multiplier')} />
            </Field>
          </div>
        </>
      ) : null}
      <FormActions pending={create.pending} onCancel={onCancel} />
    </form>
  );
}
