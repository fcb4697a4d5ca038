import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import type { RewardKind } from '../../../core/rewards/reward.js';
import { formatMoney } from '../../format/money.js';
import { parseMoneyInput } from '../../format/money-input.js';
import { useMutation } from '../../hooks/use-command.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { Field, errorFor } from '../../ui/field.js';
import { FormActions } from '../../ui/form-actions.js';
import { ListTab, pagedState, type ListTabCreate } from '../../ui/list-tab.js';
import { ErrorNotice } from '../../ui/states.js';
import { formatPoints } from '../../format/points.js';

/** Every kind, in the order a merchant meets them (the core's list lives in a zod schema module). */
const REWARD_KINDS = ['free_item', 'fixed_discount', 'percent_discount', 'stored_value', 'voucher'] as const satisfies readonly RewardKind[];

/** The rewards a member can redeem, with a form to add one (managers). */
export function CatalogueTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const lang = useLang();
  const canEdit = useCan('manager');
  const list = usePagedList('reward-list', { program: program.id }, ['rewards']);
  const update = useMutation('reward-update');
  const create: ListTabCreate | undefined = canEdit
    ? {
        label: t('rewards.catalogue.new'),
        title: t('rewards.catalogue.createTitle'),
        created: (name) => t('rewards.catalogue.created', { name }),
        form: (props) => <RewardForm program={program} {...props} />,
      }
    : undefined;

  const valueText = (kind: RewardKind, value: { item?: string; amount_minor?: number; percent?: number }) =>
    kind === 'free_item' ? (value.item ?? '') : value.amount_minor ? formatMoney(value.amount_minor, program.currency, lang) : value.percent ? `${value.percent}%` : '';

  return (
    <ListTab
      state={pagedState(list)}
      create={create}
      actionError={update.error}
      empty={{ icon: 'rewards', title: t('rewards.catalogue.empty') }}
      caption={t('rewards.tabs.catalogue')}
      columns={canEdit ? 6 : 5}
      head={
        <>
          <th scope="col">{t('rewards.catalogue.columns.name')}</th>
          <th scope="col">{t('rewards.catalogue.columns.kind')}</th>
          <th scope="col" className="num">
            {t('rewards.catalogue.columns.cost')}
          </th>
          <th scope="col">{t('rewards.catalogue.columns.stock')}</th>
          <th scope="col">{t('rewards.catalogue.columns.status')}</th>
        </>
      }
      actionsLabel={canEdit ? t('rewards.catalogue.columns.actions') : undefined}
    >
      {list.items.map((reward) => (
        <tr key={reward.id}>
          <td>
            <span className="cell-strong">{reward.name}</span>
            <span className="cell-sub">{valueText(reward.kind, reward.value)}</span>
          </td>
          <td>{t(`rewards.catalogue.kinds.${reward.kind}`)}</td>
          <td className="num">{formatPoints(reward.points_cost, lang)}</td>
          <td>{reward.stock_left === null ? t('rewards.catalogue.unlimited') : t('rewards.catalogue.left', { count: reward.stock_left })}</td>
          <td>
            <Badge tone={reward.status === 'active' ? 'success' : 'neutral'}>{t(`rewards.catalogue.status.${reward.status as 'active' | 'archived'}`)}</Badge>
          </td>
          {canEdit ? (
            <td>
              <div className="row-actions">
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={update.pending}
                  onClick={() => void update.run({ id: reward.id, status: reward.status === 'active' ? 'archived' : 'active' }).then((r) => r && list.reload())}
                >
                  {reward.status === 'active' ? t('rewards.catalogue.archive') : t('rewards.catalogue.restore')}
                </button>
              </div>
            </td>
          ) : null}
        </tr>
      ))}
    </ListTab>
  );
}

function RewardForm({ program, onDone, onCancel }: { program: Program; onDone(name: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const create = useMutation('reward-create');
  const [form, setForm] = useState({ name: '', kind: 'free_item' as RewardKind, cost: '100', item: '', amount: '', percent: '', stock: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amount = parseMoneyInput(form.amount, program.currency);
    const value =
      form.kind === 'free_item'
        ? { item: form.item.trim() || form.name.trim() }
        : form.kind === 'percent_discount'
          ? { percent: Number(form.percent) }
          : form.kind === 'voucher'
            ? {}
            : { amount_minor: amount ?? 0 };
    const reward = await create.run({
      program: program.id,
      name: form.name,
      kind: form.kind,
      points_cost: Number(form.cost),
      value,
      ...(form.stock.trim() ? { stock: Number(form.stock) } : {}),
    });
    if (reward) onDone(reward.name);
  };
  const err = create.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <Field label={t('rewards.catalogue.name')} error={errorFor(err, 'name')}>
        <input className="input" value={form.name} onChange={set('name')} placeholder={t('rewards.catalogue.namePlaceholder')} maxLength={100} />
      </Field>
      <div className="form__row">
        <Field label={t('rewards.catalogue.kind')} error={errorFor(err, 'kind')}>
          <select className="select" value={form.kind} onChange={set('kind')}>
            {REWARD_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`rewards.catalogue.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('rewards.catalogue.cost')} error={errorFor(err, 'points_cost')}>
          <input className="input mono" inputMode="numeric" value={form.cost} onChange={set('cost')} />
        </Field>
      </div>
      {form.kind === 'free_item' ? (
        <Field label={t('rewards.catalogue.item')} error={errorFor(err, 'value.item')} optional>
          <input className="input" value={form.item} onChange={set('item')} maxLength={100} />
        </Field>
      ) : null}
      {form.kind === 'fixed_discount' || form.kind === 'stored_value' ? (
        <Field label={t('rewards.catalogue.amount')} error={errorFor(err, 'value.amount_minor')}>
          <input className="input mono" inputMode="numeric" value={form.amount} onChange={set('amount')} />
        </Field>
      ) : null}
      {form.kind === 'percent_discount' ? (
        <Field label={t('rewards.catalogue.percent')} error={errorFor(err, 'value.percent')}>
          <input className="input mono" inputMode="numeric" value={form.percent} onChange={set('percent')} />
        </Field>
      ) : null}
      <Field label={t('rewards.catalogue.stock')} hint={t('rewards.catalogue.stockHint')} error={errorFor(err, 'stock')} optional>
        <input className="input mono" inputMode="numeric" value={form.stock} onChange={set('stock')} />
      </Field>
      <FormActions pending={create.pending} onCancel={onCancel} />
    </form>
  );
}
