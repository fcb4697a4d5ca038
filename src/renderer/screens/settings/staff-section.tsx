import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../core/bus/actor.js';
import type { StaffView } from '../../../core/staff/staff.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useConfirmAction } from '../../hooks/use-confirm-action.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { errorText } from '../../ui/error-text.js';
import { Field, errorFor } from '../../ui/field.js';
import { FormActions } from '../../ui/form-actions.js';
import { DataTable } from '../../ui/data-table.js';
import { Modal } from '../../ui/modal.js';
import { NewButton } from '../../ui/new-button.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { SectionHeader } from './section-header.js';

const ROLES: readonly Role[] = ['cashier', 'manager', 'owner'];
/** The core's PIN rule (core/staff/pin.ts): 4 to 8 digits. */
const PIN_MAX = 8;
const pinDigits = (value: string) => value.replace(/\D/g, '').slice(0, PIN_MAX);

/** Staff and their roles (kept once per installation, whichever data is on screen). */
export function StaffSection() {
  const { t } = useTranslation();
  const isOwner = useCan('owner');
  const staff = useQuery('staff-list', { limit: 100 });
  const update = useMutation('staff-update');
  const [creating, setCreating] = useState(false);
  const [pinFor, setPinFor] = useState<StaffView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = staff.data?.data ?? [];

  const change = async (member: StaffView, patch: { role?: Role; status?: 'active' | 'disabled' }) => {
    setDone(null);
    const result = await update.run({ id: member.id, ...patch });
    if (result) {
      setDone(t('settingsMore.staff.updated', { name: result.name }));
      staff.reload();
    }
  };
  // Disabling signs the member out at once: asked first. Enabling again is harmless and immediate.
  const disabling = useConfirmAction((member: StaffView) => change(member, { status: 'disabled' }));

  return (
    <section className="stack" aria-labelledby="staff-title">
      <SectionHeader id="staff-title" title={t('settingsMore.tabs.staff')} action={isOwner ? <NewButton label={t('settingsMore.staff.new')} onClick={() => setCreating(true)} /> : null}>
        {t('settingsMore.staff.text')}
      </SectionHeader>
      {!isOwner ? <p className="notice notice--info">{t('settingsMore.staff.ownerOnly')}</p> : null}
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {update.error ? <ErrorNotice error={update.error} /> : null}
      {staff.error ? <ErrorNotice error={staff.error} onRetry={staff.reload} /> : null}
      {staff.loading && !staff.data ? <Loading /> : null}
      {list.length > 0 ? (
        <DataTable
          caption={t('settingsMore.tabs.staff')}
          actionsLabel={isOwner ? t('settingsMore.staff.columns.actions') : undefined}
          head={
            <>
              <th scope="col">{t('settingsMore.staff.columns.name')}</th>
              <th scope="col">{t('settingsMore.staff.columns.role')}</th>
              <th scope="col">{t('settingsMore.staff.columns.pin')}</th>
              <th scope="col">{t('settingsMore.staff.columns.status')}</th>
            </>
          }
        >
              {list.map((member) => (
                <tr key={member.id}>
                  <td className="cell-strong">{member.name}</td>
                  <td>
                    {isOwner ? (
                      <select className="select select--compact" value={member.role} aria-label={t('settingsMore.staff.changeRole', { name: member.name })} onChange={(e) => void change(member, { role: e.target.value as Role })} disabled={update.pending}>
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`common.roles.${role}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(`common.roles.${member.role}`)
                    )}
                  </td>
                  <td>{member.has_pin ? t('settingsMore.staff.hasPin') : <span className="muted">{t('settingsMore.staff.noPin')}</span>}</td>
                  <td>
                    <Badge tone={member.status === 'active' ? 'success' : 'neutral'}>{t(`settingsMore.staff.status.${member.status}`)}</Badge>
                  </td>
                  {isOwner ? (
                    <td>
                      <div className="row-actions">
                        <button type="button" className="btn btn--small" onClick={() => setPinFor(member)}>
                          {t('settingsMore.staff.resetPin')}
                        </button>
                        <button type="button" className="btn btn--small" disabled={update.pending} onClick={() => (member.status === 'active' ? disabling.ask(member) : void change(member, { status: 'active' }))}>
                          {member.status === 'active' ? t('settingsMore.staff.disable') : t('settingsMore.staff.enable')}
                        </button>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
        </DataTable>
      ) : null}
      <ConfirmDialog
        {...disabling.dialog}
        danger
        pending={update.pending}
        title={t('settingsMore.staff.confirmDisableTitle', { name: disabling.target?.name ?? '' })}
        text={t('settingsMore.staff.confirmDisableText')}
        confirmLabel={t('settingsMore.staff.disable')}
      />
      <Modal open={creating} title={t('settingsMore.staff.createTitle')} onClose={() => setCreating(false)}>
        <StaffForm
          onCancel={() => setCreating(false)}
          onDone={(name) => {
            setCreating(false);
            setDone(t('settingsMore.staff.created', { name }));
            staff.reload();
          }}
        />
      </Modal>
      <Modal open={pinFor !== null} title={pinFor ? t('settingsMore.staff.pinTitle', { name: pinFor.name }) : ''} onClose={() => setPinFor(null)}>
        {pinFor ? (
          <PinForm
            member={pinFor}
            onCancel={() => setPinFor(null)}
            onDone={() => {
              setDone(t('settingsMore.staff.pinSaved', { name: pinFor.name }));
              setPinFor(null);
              staff.reload();
            }}
          />
        ) : null}
      </Modal>
    </section>
  );
}

function StaffForm({ onDone, onCancel }: { onDone(name: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const create = useMutation('staff-create');
  const [form, setForm] = useState({ name: '', role: 'cashier' as Role, pin: '' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const member = await create.run(form);
    if (member) onDone(member.name);
  };
  const err = create.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <Field label={t('settingsMore.staff.name')} error={errorFor(err, 'name')}>
        <input className="input" value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} maxLength={80} autoComplete="off" />
      </Field>
      <Field label={t('settingsMore.staff.role')} hint={t(`settingsMore.staff.roleHints.${form.role}`)} error={errorFor(err, 'role')}>
        <select className="select" value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`common.roles.${role}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('settingsMore.staff.pin')} hint={t('settingsMore.staff.pinHint')} error={err && errorFor(err, 'pin') ? errorText(t, err) : undefined}>
        <input className="input mono" type="password" inputMode="numeric" autoComplete="new-password" value={form.pin} onChange={(e) => setForm((f) => ({ ...f, pin: pinDigits(e.target.value) }))} />
      </Field>
      <FormActions pending={create.pending} onCancel={onCancel} />
    </form>
  );
}

function PinForm({ member, onDone, onCancel }: { member: StaffView; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const update = useMutation('staff-update');
  const [pin, setPin] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await update.run({ id: member.id, pin })) onDone();
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      {update.error && !update.error.param ? <ErrorNotice error={update.error} /> : null}
      <Field label={t('settingsMore.staff.pin')} hint={t('settingsMore.staff.pinHint')} error={update.error && errorFor(update.error, 'pin') ? errorText(t, update.error) : undefined}>
        <input className="input mono" type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(pinDigits(e.target.value))} />
      </Field>
      <FormActions pending={update.pending} onCancel={onCancel} submitLabel={t('common.save')} disabled={pin.length < 4} />
    </form>
  );
}
