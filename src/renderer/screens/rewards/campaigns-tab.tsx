import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import { useMutation } from '../../hooks/use-command.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { useCan } from '../../state/session.js';
import { Badge, type Tone } from '../../ui/badge.js';
import { Field, errorFor } from '../../ui/field.js';
import { FormActions } from '../../ui/form-actions.js';
import { ListTab, pagedState, type ListTabCreate } from '../../ui/list-tab.js';
import { ErrorNotice } from '../../ui/states.js';
import { formatCalendarDate } from '../../format/dates.js';
import { formatPoints } from '../../format/points.js';

const TONES: Record<string, Tone> = { active: 'success', paused: 'warning', exhausted: 'danger', archived: 'neutral' };

/** Seasonal campaigns with how much of their budget is used (they stop when it is). */
export function CampaignsTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const lang = useLang();
  const canEdit = useCan('manager');
  const list = usePagedList('campaign-list', { program: program.id }, ['rewards']);
  const update = useMutation('campaign-update');
  const create: ListTabCreate | undefined = canEdit
    ? {
        label: t('rewards.campaigns.new'),
        title: t('rewards.campaigns.createTitle'),
        created: (name) => t('rewards.campaigns.created', { name }),
        form: (props) => <CampaignForm program={program} {...props} />,
      }
    : undefined;

  return (
    <ListTab
      state={pagedState(list)}
      create={create}
      actionError={update.error}
      empty={{ icon: 'rewards', title: t('rewards.campaigns.empty') }}
      caption={t('rewards.tabs.campaigns')}
      columns={5}
      head={
        <>
          <th scope="col">{t('rewards.campaigns.columns.name')}</th>
          <th scope="col">{t('rewards.campaigns.columns.dates')}</th>
          <th scope="col">{t('rewards.campaigns.columns.effect')}</th>
          <th scope="col">{t('rewards.campaigns.columns.budget')}</th>
          <th scope="col">{t('rewards.campaigns.columns.status')}</th>
        </>
      }
    >
      {list.items.map((c) => {
        const effect = c.effect as { multiplier?: number; bonus_points?: number; cashback_bps?: number };
        const gives = [
          effect.multiplier ? t('rewards.campaigns.multiplier', { value: effect.multiplier }) : null,
          effect.bonus_points ? t('rewards.campaigns.bonus', { points: formatPoints(effect.bonus_points, lang) }) : null,
          effect.cashback_bps ? t('rewards.campaigns.cashback', { percent: effect.cashback_bps / 100 }) : null,
        ].filter(Boolean);
        const budget = c.budget.points;
        return (
          <tr key={c.id}>
            <td className="cell-strong">{c.name}</td>
            <td className="nowrap">
              {formatCalendarDate(c.starts_on, lang)} – {formatCalendarDate(c.ends_on, lang)}
            </td>
            <td>{gives.join(' · ')}</td>
            <td>
              {budget ? (
                <span className="budget">
                  <progress className="progress" max={budget} value={Math.min(c.budget.points_used, budget)} aria-label={t('rewards.campaigns.columns.budget')} />
                  <span className="cell-sub">{t('rewards.campaigns.budgetPoints', { used: formatPoints(c.budget.points_used, lang), budget: formatPoints(budget, lang) })}</span>
                </span>
              ) : (
                <span className="muted">{t('rewards.campaigns.noBudget')}</span>
              )}
            </td>
            <td>
              <div className="row-actions row-actions--start">
                <Badge tone={TONES[c.status] ?? 'neutral'}>{t(`rewards.campaigns.status.${c.status as 'active'}`)}</Badge>
                {canEdit && (c.status === 'active' || c.status === 'paused') ? (
                  <button
                    type="button"
                    className="btn btn--small"
                    disabled={update.pending}
                    onClick={() => void update.run({ id: c.id, status: c.status === 'active' ? 'paused' : 'active' }).then((r) => r && list.reload())}
                  >
                    {c.status === 'active' ? t('rewards.campaigns.pause') : t('rewards.campaigns.resume')}
                  </button>
                ) : null}
              </div>
            </td>
          </tr>
        );
      })}
    </ListTab>
  );
}

function CampaignForm({ program, onDone, onCancel }: { program: Program; onDone(name: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const create = useMutation('campaign-create');
  const [form, setForm] = useState({ name: '', starts_on: '', ends_on: '', multiplier: '2', bonus: '', budget: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const campaign = await create.run({
      program: program.id,
      name: form.name,
      starts_on: form.starts_on,
      ends_on: form.ends_on,
      effect: {
        ...(form.multiplier.trim() ? { multiplier: Number(form.multiplier.replace(',', '.')) } : {}),
        ...(form.bonus.trim() ? { bonus_points: Number(form.bonus) } : {}),
      },
      ...(form.budget.trim() ? { budget_points: Number(form.budget) } : {}),
    });
    if (campaign) onDone(campaign.name);
  };
  const err = create.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <Field label={t('rewards.campaigns.name')} error={errorFor(err, 'name')}>
        <input className="input" value={form.name} onChange={set('name')} maxLength={100} />
      </Field>
      <div className="form__row">
        <Field label={t('rewards.campaigns.startsOn')} error={errorFor(err, 'starts_on')}>
          <input className="input" type="date" value={form.starts_on} onChange={set('starts_on')} />
        </Field>
        <Field label={t('rewards.campaigns.endsOn')} error={errorFor(err, 'ends_on')}>
          <input className="input" type="date" value={form.ends_on} onChange={set('ends_on')} />
        </Field>
      </div>
      <div className="form__row">
        <Field label={t('rewards.campaigns.multiplierField')} hint={t('rewards.campaigns.multiplierHint')} error={errorFor(err, 'effect.multiplier')} optional>
          <input className="input mono" inputMode="decimal" value={form.multiplier} onChange={set('multiplier')} />
        </Field>
        <Field label={t('rewards.campaigns.bonusField')} error={errorFor(err, 'effect.bonus_points')} optional>
          <input className="input mono" inputMode="numeric" value={form.bonus} onChange={set('bonus')} />
        </Field>
      </div>
      <Field label={t('rewards.campaigns.budgetField')} hint={t('rewards.campaigns.budgetHint')} error={errorFor(err, 'budget_points')} optional>
        <input className="input mono" inputMode="numeric" value={form.budget} onChange={set('budget')} />
      </Field>
      <FormActions pending={create.pending} onCancel={onCancel} />
    </form>
  );
}
