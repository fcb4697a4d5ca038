import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { Field, errorFor } from '../../ui/field.js';
import { FormActions } from '../../ui/form-actions.js';
import { ListTab, queryState, type ListTabCreate } from '../../ui/list-tab.js';
import { ErrorNotice } from '../../ui/states.js';

/** The merchant's own branches (installation-wide): where closed-loop cards work. */
export function BranchesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const branches = useQuery('location-list', {}, ['location']);
  const create: ListTabCreate | undefined = canEdit
    ? {
        label: t('programDetail.branches.new'),
        title: t('programDetail.branches.createTitle'),
        created: (name) => t('programDetail.branches.created', { name }),
        form: (props) => <BranchForm {...props} />,
      }
    : undefined;
  return (
    <ListTab
      state={queryState(branches)}
      intro={<p className="muted">{t('programDetail.branches.text')}</p>}
      create={create}
      empty={{ icon: 'programs', title: t('programDetail.branches.empty') }}
      caption={t('programDetail.tabs.branches')}
      columns={4}
      head={
        <>
          <th scope="col">{t('programDetail.branches.columns.name')}</th>
          <th scope="col">{t('programDetail.branches.columns.merchant')}</th>
          <th scope="col">{t('programDetail.branches.columns.mcc')}</th>
          <th scope="col">{t('programDetail.branches.columns.city')}</th>
        </>
      }
    >
      {(branches.data?.data ?? []).map((b) => (
        <tr key={b.id}>
          <td className="cell-strong">{b.name}</td>
          <td className="mono">{b.merchant_id}</td>
          <td className="mono">{b.mcc}</td>
          <td>
            {b.city}, {b.country}
          </td>
        </tr>
      ))}
    </ListTab>
  );
}

function BranchForm({ onDone, onCancel }: { onDone(name: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const create = useMutation('location-create');
  const [form, setForm] = useState({ name: '', merchant_id: '', mcc: '5814', city: '', country: 'ID' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const location = await create.run({ ...form, country: form.country.toUpperCase() });
    if (location) onDone(location.name);
  };
  const err = create.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <Field label={t('programDetail.branches.name')} error={errorFor(err, 'name')}>
        <input className="input" value={form.name} onChange={set('name')} maxLength={100} />
      </Field>
      <div className="form__row">
        <Field label={t('programDetail.branches.merchantId')} hint={t('programDetail.branches.merchantIdHint')} error={errorFor(err, 'merchant_id')}>
          <input className="input mono" value={form.merchant_id} onChange={set('merchant_id')} maxLength={15} />
        </Field>
        <Field label={t('programDetail.branches.mcc')} hint={t('programDetail.branches.mccHint')} error={errorFor(err, 'mcc')}>
          <input className="input mono" inputMode="numeric" value={form.mcc} onChange={set('mcc')} maxLength={4} />
        </Field>
      </div>
      <div className="form__row">
        <Field label={t('programDetail.branches.city')} error={errorFor(err, 'city')}>
          <input className="input" value={form.city} onChange={set('city')} maxLength={60} />
        </Field>
        <Field label={t('programDetail.branches.country')} error={errorFor(err, 'country')}>
          <input className="input mono" value={form.country} onChange={set('country')} maxLength={2} />
        </Field>
      </div>
      <FormActions pending={create.pending} onCancel={onCancel} />
    </form>
  );
}
