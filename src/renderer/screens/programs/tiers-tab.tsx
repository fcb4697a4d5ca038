import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import { formatMoney } from '../../format/money.js';
import { parseMoneyInput } from '../../format/money-input.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { Badge } from '../../ui/badge.js';
import { Field, errorFor } from '../../ui/field.js';
import { FormActions } from '../../ui/form-actions.js';
import { ListTab, queryState, type ListTabCreate } from '../../ui/list-tab.js';
import { ErrorNotice } from '../../ui/states.js';
import { formatPoints } from '../../format/points.js';

/** Tiers and how members qualify for them (spend or points, over a rolling window or the year). */
export function TiersTab({ program, canEdit }: { program: Program; canEdit: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tiers = useQuery('tier-list', { program: program.id }, ['rewards']);
  const settings = useQuery('rewards-settings-get', { program: program.id }, ['rewards']);
  const update = useMutation('tier-update');
  const q = settings.data?.tier_qualification;
  const bySpend = (q?.metric ?? 'spend') === 'spend';
  const threshold = (n: number) => (bySpend ? formatMoney(n, program.currency, lang) : t('programDetail.tiers.points', { points: formatPoints(n, lang) }));
  const qualification = q
    ? q.period === 'rolling'
      ? t(bySpend ? 'programDetail.tiers.metricSpend' : 'programDetail.tiers.metricPoints', { months: q.months })
      : t(bySpend ? 'programDetail.tiers.metricSpendYear' : 'programDetail.tiers.metricPointsYear')
    : '';
  const create: ListTabCreate | undefined = canEdit
    ? {
        label: t('programDetail.tiers.new'),
        title: t('programDetail.tiers.createTitle'),
        created: (name) => t('programDetail.tiers.created', { name }),
        form: (props) => <TierForm program={program} bySpend={bySpend} {...props} />,
      }
    : undefined;
  return (
    <ListTab
      state={queryState(tiers)}
      intro={
        <p className="muted">
          {t('programDetail.tiers.qualification')}: <strong>{qualification}</strong>
        </p>
      }
      create={create}
      actionError={update.error}
      empty={{ icon: 'rewards', title: t('programDetail.tiers.empty') }}
      caption={t('programDetail.tabs.tiers')}
      columns={5}
      head={
        <>
          <th scope="col">{t('programDetail.tiers.columns.name')}</th>
          <th scope="col">{t('programDetail.tiers.columns.threshold')}</th>
          <th scope="col">{t('programDetail.tiers.columns.multiplier')}</th>
          <th scope="col">{t('programDetail.tiers.columns.cashback')}</th>
          <th scope="col">{t('programDetail.tiers.columns.status')}</th>
        </>
      }
    >
      {(tiers.data?.data ?? []).map((tier) => (
        <tr key={tier.id}>
          <td className="cell-strong">{tier.name}</td>
          <td>{threshold(tier.threshold)}</td>
          <td>×{tier.benefits.earn_multiplier}</td>
          <td>{tier.benefits.cashback_bps ? `${tier.benefits.cashback_bps / 100}%` : t('common.none')}</td>
          <td>
            <div className="row-actions row-actions--start">
              <Badge tone={tier.status === 'active' ? 'success' : 'neutral'}>{t(`programDetail.tiers.status.${tier.status}`)}</Badge>
              {canEdit && tier.status === 'active' ? (
                <button type="button" className="btn btn--small" disabled={update.pending} onClick={() => void update.run({ id: tier.id, status: 'archived' }).then((r) => r && tiers.reload())}>
                  {t('programDetail.tiers.archive')}
                </button>
              ) : null}
            </div>
          </td>
        </tr>
      ))}
    </ListTab>
  );
}

function TierForm({ program, bySpend, onDone, onCancel }: { program: Program; bySpend: boolean; onDone(name: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const create = useMutation('tier-create');
  const [form, setForm] = useState({ name: '', threshold: '', multiplier: '1', cashback: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const thresholdValue = bySpend ? parseMoneyInput(form.threshold, program.currency) : Number(form.threshold);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const tier = await create.run({
      program: program.id,
      name: form.name,
      threshold: thresholdValue ?? -1,
      benefits: {
        earn_multiplier: Number(form.multiplier.replace(',', '.')) || 1,
        ...(form.cashback.trim() ? { cashback_bps: Math.round(Number(form.cashback.replace(',', '.')) * 100) } : {}),
      },
    });
    if (tier) onDone(tier.name);
  };
  const err = create.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <div className="form__row">
        <Field label={t('programDetail.tiers.name')} error={errorFor(err, 'name')}>
          <input className="input" value={form.name} onChange={set('name')} placeholder={t('programDetail.tiers.namePlaceholder')} maxLength={50} />
        </Field>
        <Field
          label={t('programDetail.tiers.threshold')}
          hint={bySpend && thresholdValue ? formatMoney(thresholdValue, program.currency, lang) : bySpend ? t('programDetail.tiers.thresholdSpendHint') : t('programDetail.tiers.thresholdPointsHint')}
          error={errorFor(err, 'threshold')}
        >
          <input className="input mono" inputMode="numeric" value={form.threshold} onChange={set('threshold')} />
        </Field>
      </div>
      <div className="form__row">
        <Field label={t('programDetail.tiers.multiplier')} error={errorFor(err, 'benefits.earn_multiplier')}>
          <input className="input mono" inputMode="decimal" value={form.multiplier} onChange={set('multiplier')} />
        </Field>
        <Field label={t('programDetail.tiers.cashback')} error={errorFor(err, 'benefits.cashback_bps')} optional>
          <input className="input mono" inputMode="decimal" value={form.cashback} onChange={set('cashback')} />
        </Field>
      </div>
      <FormActions pending={create.pending} onCancel={onCancel} />
    </form>
  );
}
