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
import { Icon } from '../../ui/icons.js';
import { Modal } from '../../ui/modal.js';
import { EmptyState, ErrorNotice, SkeletonRows, SuccessNotice } from '../../ui/states.js';
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
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const newButton = canEdit ? (
    <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
      <Icon name="plus" className="" size={16} />
      {t('rewards.catalogue.new')}
    </button>
  ) : null;

  const valueText = (kind: RewardKind, value: { item?: string; amount_minor?: number; percent?: number }) =>
    kind === 'free_item' ? (value.item ?? '') : value.amount_minor ? formatMoney(value.amount_minor, program.currency, lang) : value.percent ? `${value.percent}%` : '';

  return (
    <div className="stack">
      <div className="row-actions">{newButton}</div>
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {update.error ? <ErrorNotice error={update.error} /> : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <div className="panel">
          <EmptyState icon="rewards" title={t('rewards.catalogue.empty')} action={newButton ?? undefined} />
        </div>
      ) : null}
      {list.loading || list.items.length > 0 ? (
        <div className="panel table-wrap">
          <table className="table" aria-busy={list.loading}>
            <caption className="visually-hidden">{t('rewards.tabs.catalogue')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rewards.catalogue.columns.name')}</th>
                <th scope="col">{t('rewards.catalogue.columns.kind')}</th>
                <th scope="col" className="num">
                  {t('rewards.catalogue.columns.cost')}
                </th>
                <th scope="col">{t('rewards.catalogue.columns.stock')}</th>
                <th scope="col">{t('rewards.catalogue.columns.status')}</th>
                {canEdit ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('rewards.catalogue.columns.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.loading ? (
                <SkeletonRows columns={canEdit ? 6 : 5} />
              ) : (
                list.items.map((reward) => (
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
                ))
              )}
            </tbody>
          </table>
          {list.hasMore ? (
            <div className="table-footer">
              <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
                {list.loadingMore ? t('common.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      <Modal open={creating} title={t('rewards.catalogue.createTitle')} onClose={() => setCreating(false)}>
        <RewardForm
          program={program}
          onDone={(name) => {
            setCreating(false);
            setDone(t('rewards.catalogue.created', { name }));
            list.reload();
          }}
          onCancel={() => setCreating(false)}
        />
      </Modal>
    </div>
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
      <div className="dialog__actions dialog__actions--flat">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={create.pending}>
          {create.pending ? t('common.saving') : t('common.create')}
        </button>
      </div>
    </form>
  );
}
