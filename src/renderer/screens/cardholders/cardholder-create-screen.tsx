import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '../../hooks/use-command.js';
import { useApp } from '../../state/app-store.js';
import { hrefOf, navigate } from '../../state/route.js';
import { Field, errorFor } from '../../ui/field.js';
import { Screen } from '../../ui/screen.js';
import { ErrorNotice } from '../../ui/states.js';

/** Empty optional fields are left out, not sent as "" (which the engine would rightly refuse). */
function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function CardholderCreateScreen() {
  const { t } = useTranslation();
  const setFlash = useApp((s) => s.setFlash);
  const create = useMutation('cardholder-create');
  const [form, setForm] = useState({ name: '', phone: '', email: '', birth_date: '', national_id: '' });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const holder = await create.run({
      name: form.name,
      phone: optional(form.phone),
      email: optional(form.email),
      birth_date: optional(form.birth_date),
      national_id: optional(form.national_id),
    });
    if (holder) {
      setFlash(t('cardholders.created', { name: holder.name }));
      navigate('cardholders');
    }
  };

  const err = create.error;
  return (
    <Screen title={t('cardholders.createTitle')} subtitle={t('cardholders.createSubtitle')}>
      <form className="panel panel__body form" onSubmit={submit} noValidate aria-label={t('cardholders.createTitle')}>
        {err ? <ErrorNotice error={err} /> : null}
        <Field label={t('cardholders.fields.name')} error={errorFor(err, 'name')}>
          <input className="input" value={form.name} onChange={set('name')} autoComplete="name" maxLength={120} required autoFocus />
        </Field>
        <div className="form__row">
          <Field label={t('cardholders.fields.phone')} hint={t('cardholders.fields.phoneHint')} error={errorFor(err, 'phone')} optional>
            <input className="input mono" type="tel" value={form.phone} onChange={set('phone')} autoComplete="tel" placeholder="+62" inputMode="tel" />
          </Field>
          <Field label={t('cardholders.fields.email')} error={errorFor(err, 'email')} optional>
            <input className="input" type="email" value={form.email} onChange={set('email')} autoComplete="email" />
          </Field>
        </div>
        <div className="form__row">
          <Field label={t('cardholders.fields.birthDate')} error={errorFor(err, 'birth_date')} optional>
            <input className="input" type="date" value={form.birth_date} onChange={set('birth_date')} autoComplete="bday" />
          </Field>
          <Field label={t('cardholders.fields.nationalId')} hint={t('cardholders.fields.nationalIdHint')} error={errorFor(err, 'national_id')} optional>
            <input className="input mono" value={form.national_id} onChange={set('national_id')} inputMode="numeric" autoComplete="off" maxLength={32} />
          </Field>
        </div>
        <div className="form__actions">
          <a className="btn" href={hrefOf('cardholders')}>
            {t('common.cancel')}
          </a>
          <button type="submit" className="btn btn--primary" disabled={create.pending}>
            {create.pending ? t('common.saving') : t('common.create')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
