import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../../../core/cards/card.js';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import type { Program } from '../../../core/programs/program.js';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError } from '../../client/kartu-client.js';
import { Field, errorFor } from '../../ui/field.js';
import { ErrorNotice } from '../../ui/states.js';
import { toE164 } from './lookup.js';

interface Props {
  program: Program;
  /** A known person without a card in this program: only the card is issued. */
  holder?: Cardholder | undefined;
  onIssued(card: Card): void;
  onCancel(): void;
}

/**
 * A new member in three fields: name, phone, birthday, then Enter. The person is added, a virtual
 * card issued (active at once) and, for a loyalty program, the member enrolled (sign-up bonus).
 */
export function IssueCardForm({ program, holder, onIssued, onCancel }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const [form, setForm] = useState({ name: holder?.name ?? '', phone: '', birth_date: '' });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  // A retry after a failed card step (e.g. a missing detail) corrects the person added, not a second one.
  const created = useRef<Cardholder | null>(holder ?? null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const phone = toE164(form.phone);
      const details = { name: form.name, ...(phone ? { phone } : {}), ...(form.birth_date ? { birth_date: form.birth_date } : {}) };
      if (!created.current) created.current = await client.call('cardholder-create', details);
      else if (!holder) created.current = await client.call('cardholder-update', { id: created.current.id, ...details });
      const card = await client.call('card-create', { program: program.id, cardholder: created.current.id, type: 'virtual' });
      if (program.kind === 'loyalty') {
        await client.call('rewards-member-enroll', { cardholder: created.current.id, program: program.id }).catch(() => undefined);
      }
      onIssued(card);
    } catch (caught) {
      setError(toClientError(caught));
    } finally {
      setPending(false);
    }
  };

  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));

  return (
    <form className="counter-pane form" onSubmit={submit} noValidate aria-labelledby="issue-title">
      <div>
        <h2 id="issue-title" className="counter-pane__title">
          {t('counter.issue.title')}
        </h2>
        <p className="muted">{t('counter.issue.text')}</p>
      </div>
      {error && !errorFor(error, 'name', 'phone', 'birth_date') ? <ErrorNotice error={error} title={t('counter.errorTitle')} /> : null}
      <Field label={t('counter.issue.name')} error={errorFor(error, 'name')}>
        <input className="input input--l" value={form.name} onChange={set('name')} autoComplete="off" maxLength={120} required autoFocus disabled={Boolean(holder)} />
      </Field>
      {holder ? null : (
        <div className="form__row">
          <Field label={t('counter.issue.phone')} hint={t('counter.issue.phoneHint')} error={errorFor(error, 'phone') ? t('counter.issue.phoneInvalid') : undefined} optional>
            <input className="input input--l mono" type="tel" inputMode="tel" value={form.phone} onChange={set('phone')} autoComplete="off" />
          </Field>
          <Field label={t('counter.issue.birthday')} error={errorFor(error, 'birth_date')} optional>
            <input className="input input--l" type="date" value={form.birth_date} onChange={set('birth_date')} autoComplete="off" />
          </Field>
        </div>
      )}
      <div className="form__actions">
        <button type="button" className="btn btn--l" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary btn--xl" disabled={pending || form.name.trim() === ''}>
          {pending ? t('counter.issue.submitting') : t('counter.issue.submit')}
        </button>
      </div>
    </form>
  );
}
