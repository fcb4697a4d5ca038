import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import { useMutation } from '../../hooks/use-command.js';
import { Field } from '../../ui/field.js';
import { ErrorNotice } from '../../ui/states.js';
import { fieldError, isFieldError } from './field-error.js';

type Form = ReturnType<typeof initialForm>;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function initialForm(holder: Cardholder) {
  const a = holder.address ?? {};
  return {
    name: holder.name,
    email: holder.email ?? '',
    phone: holder.phone ?? '',
    birth_date: holder.birth_date ?? '',
    national_id: '',
    line1: text(a.line1),
    line2: text(a.line2),
    city: text(a.city),
    postal_code: text(a.postal_code),
    country: text(a.country),
    preferred_language: holder.preferred_language,
  };
}

/** Empty means "none" for the optional fields: sent as null, which clears them in the engine. */
function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function addressOf(form: Form) {
  const parts = [form.line1, form.line2, form.city, form.postal_code, form.country].map((v) => v.trim());
  if (parts.every((v) => v === '')) return null;
  // Sent as typed: the engine refuses a missing street, city or country under the address field.
  return { line1: form.line1.trim(), line2: orNull(form.line2), city: form.city.trim(), postal_code: orNull(form.postal_code), country: form.country.trim().toUpperCase() };
}

/**
 * The cardholder's fields, saved with cardholder-update. The national id is never shown back in
 * full (only its last 4 leave the engine), so its box starts empty and empty keeps the stored one.
 */
export function CardholderEditForm({ holder, onSaved, onCancel }: { holder: Cardholder; onSaved(next: Cardholder): void; onCancel(): void }) {
  const { t } = useTranslation();
  const update = useMutation('cardholder-update');
  const [form, setForm] = useState(() => initialForm(holder));
  const set = (key: keyof Form) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));
  const err = update.error;
  const company = holder.type === 'company';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nationalId = orNull(form.national_id);
    const saved = await update.run({
      id: holder.id,
      name: form.name,
      email: orNull(form.email),
      phone: orNull(form.phone),
      ...(company ? {} : { birth_date: orNull(form.birth_date) }),
      ...(nationalId ? { national_id: nationalId } : {}),
      address: addressOf(form),
      preferred_language: form.preferred_language,
    });
    if (saved) onSaved(saved);
  };

  return (
    <form className="panel panel__body form" onSubmit={submit} noValidate aria-labelledby="ch-edit-title">
      <h2 id="ch-edit-title">{t('cardholderDetail.edit.title')}</h2>
      {err && !isFieldError(err) ? <ErrorNotice error={err} /> : null}
      <Field label={t('cardholders.fields.name')} error={fieldError(t, err, 'name')}>
        <input className="input" value={form.name} onChange={set('name')} autoComplete="name" maxLength={120} required autoFocus />
      </Field>
      <div className="form__row">
        <Field label={t('cardholders.fields.phone')} hint={t('cardholders.fields.phoneHint')} error={fieldError(t, err, 'phone')} optional>
          <input className="input mono" type="tel" value={form.phone} onChange={set('phone')} autoComplete="tel" placeholder="+62" inputMode="tel" />
        </Field>
        <Field label={t('cardholders.fields.email')} error={fieldError(t, err, 'email')} optional>
          <input className="input" type="email" value={form.email} onChange={set('email')} autoComplete="email" />
        </Field>
      </div>
      {company ? null : (
        <div className="form__row">
          <Field label={t('cardholders.fields.birthDate')} error={fieldError(t, err, 'birth_date')} optional>
            <input className="input" type="date" value={form.birth_date} onChange={set('birth_date')} autoComplete="bday" />
          </Field>
          <Field
            label={t('cardholders.fields.nationalId')}
            hint={holder.national_id_last4 ? t('cardholderDetail.edit.nationalIdKeep', { last4: holder.national_id_last4 }) : t('cardholderDetail.edit.nationalIdNone')}
            error={fieldError(t, err, 'national_id')}
            optional
          >
            <input className="input mono" value={form.national_id} onChange={set('national_id')} inputMode="numeric" autoComplete="off" maxLength={32} placeholder={holder.national_id_last4 ? `•••• ${holder.national_id_last4}` : ''} />
          </Field>
        </div>
      )}
      <fieldset className="form__group">
        <legend>{t('cardholderDetail.details.address')}</legend>
        <Field label={t('cardholderDetail.edit.addressLine1')} hint={t('cardholderDetail.edit.addressHint')} error={fieldError(t, err, 'address')} optional>
          <input className="input" value={form.line1} onChange={set('line1')} autoComplete="address-line1" maxLength={200} />
        </Field>
        <Field label={t('cardholderDetail.edit.addressLine2')} optional>
          <input className="input" value={form.line2} onChange={set('line2')} autoComplete="address-line2" maxLength={200} />
        </Field>
        <div className="form__row">
          <Field label={t('cardholderDetail.edit.city')} optional>
            <input className="input" value={form.city} onChange={set('city')} autoComplete="address-level2" maxLength={100} />
          </Field>
          <Field label={t('cardholderDetail.edit.postalCode')} optional>
            <input className="input mono" value={form.postal_code} onChange={set('postal_code')} autoComplete="postal-code" maxLength={20} />
          </Field>
          <Field label={t('cardholderDetail.edit.country')} optional>
            <input className="input mono" value={form.country} onChange={set('country')} autoComplete="country" maxLength={2} placeholder="ID" />
          </Field>
        </div>
      </fieldset>
      <Field label={t('cardholderDetail.details.language')}>
        <select className="select" value={form.preferred_language} onChange={set('preferred_language')}>
          <option value="id">{t('cardholderDetail.languages.id')}</option>
          <option value="en">{t('cardholderDetail.languages.en')}</option>
        </select>
      </Field>
      <div className="form__actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={update.pending}>
          {update.pending ? t('common.saving') : t('cardholderDetail.edit.save')}
        </button>
      </div>
    </form>
  );
}
