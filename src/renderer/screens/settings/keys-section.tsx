import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_SCOPES } from '../../../core/bus/actor.js';
import type { ApiKeyView } from '../../../core/api-keys/api-key.js';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { useMutation } from '../../hooks/use-command.js';
import { useConfirmAction } from '../../hooks/use-confirm-action.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { useApp } from '../../state/app-store.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Field, errorFor } from '../../ui/field.js';
import { FormActions } from '../../ui/form-actions.js';
import { DataTable } from '../../ui/data-table.js';
import { Modal } from '../../ui/modal.js';
import { NewButton } from '../../ui/new-button.js';
import { EmptyState, ErrorNotice, SkeletonRows } from '../../ui/states.js';
import { SectionHeader } from './section-header.js';
import { SecretModal } from './secret-modal.js';

/** API keys of the data on screen (test keys for the sandbox, live keys for live): the secret is shown once. */
export function KeysSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const mode = useApp((s) => s.mode);
  const isOwner = useCan('owner');
  const list = usePagedList('key-list', {});
  const revoke = useMutation('key-revoke');
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const revoking = useConfirmAction((key: ApiKeyView) => revoke.run({ id: key.id }).then((r) => r && list.reload()));

  return (
    <section className="stack" aria-labelledby="keys-title">
      <SectionHeader id="keys-title" title={t('settingsMore.tabs.keys')} action={isOwner ? <NewButton label={t('settingsMore.keys.new')} onClick={() => setCreating(true)} /> : null}>
        {t('settingsMore.keys.text')} {t('settingsMore.keys.mode', { mode: t(`mode.${mode}`) })}
      </SectionHeader>
      {!isOwner ? <p className="notice notice--info">{t('settingsMore.keys.ownerOnly')}</p> : null}
      {revoke.error ? <ErrorNotice error={revoke.error} /> : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <div className="panel"><EmptyState icon="lock" title={t('settingsMore.keys.empty')} text={t('settingsMore.keys.emptyText')} /></div> : null}
      {list.loading || list.items.length > 0 ? (
        <DataTable
          caption={t('settingsMore.tabs.keys')}
          busy={list.loading}
          actionsLabel={isOwner ? t('settingsMore.keys.columns.actions') : undefined}
          head={
            <>
              <th scope="col">{t('settingsMore.keys.columns.name')}</th>
              <th scope="col">{t('settingsMore.keys.columns.key')}</th>
              <th scope="col">{t('settingsMore.keys.columns.type')}</th>
              <th scope="col">{t('settingsMore.keys.columns.lastUsed')}</th>
              <th scope="col">{t('settingsMore.keys.columns.status')}</th>
            </>
          }
        >
              {list.loading ? (
                <SkeletonRows columns={isOwner ? 6 : 5} />
              ) : (
                list.items.map((key) => (
                  <tr key={key.id}>
                    <td className="cell-strong">{key.name}</td>
                    <td className="mono">{key.redacted}</td>
                    <td>{key.scopes === 'all' ? t('settingsMore.keys.full') : t('settingsMore.keys.restricted', { count: key.scopes.length })}</td>
                    <td className="nowrap">{key.last_used_at ? formatDateTime(key.last_used_at, DEFAULT_TIME_ZONE, lang) : t('settingsMore.keys.never')}</td>
                    <td>
                      <Badge tone={key.status === 'active' ? 'success' : 'neutral'}>{t(`settingsMore.keys.status.${key.status}`)}</Badge>
                    </td>
                    {isOwner ? (
                      <td>
                        {key.status === 'active' ? (
                          <div className="row-actions">
                            <button type="button" className="btn btn--small btn--ghost danger-text" onClick={() => revoking.ask(key)}>
                              {t('settingsMore.keys.revoke')}
                            </button>
                          </div>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))
              )}
        </DataTable>
      ) : null}
      <Modal open={creating} title={t('settingsMore.keys.createTitle')} onClose={() => setCreating(false)}>
        <KeyForm
          onCancel={() => setCreating(false)}
          onDone={(value) => {
            setCreating(false);
            setSecret(value);
            list.reload();
          }}
        />
      </Modal>
      <SecretModal secret={secret} title={t('settingsMore.keys.secretTitle')} text={t('settingsMore.keys.secretText')} testId="new-secret" onClose={() => setSecret(null)} />
      <ConfirmDialog
        {...revoking.dialog}
        danger
        pending={revoke.pending}
        title={t('settingsMore.keys.confirmRevokeTitle', { name: revoking.target?.name ?? '' })}
        text={t('settingsMore.keys.confirmRevokeText')}
        confirmLabel={t('settingsMore.keys.revoke')}
      />
    </section>
  );
}

function KeyForm({ onDone, onCancel }: { onDone(secret: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const create = useMutation('key-create');
  const [name, setName] = useState('');
  const [restricted, setRestricted] = useState(false);
  const [scopes, setScopes] = useState<string[]>(['cards:read', 'authorizations:write']);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = await create.run({ ...(name.trim() ? { name: name.trim() } : {}), ...(restricted ? { scopes: scopes as (typeof ALL_SCOPES)[number][] } : {}) });
    if (key) onDone(key.secret);
  };
  const err = create.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <Field label={t('settingsMore.keys.name')} error={errorFor(err, 'name')} optional>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('settingsMore.keys.namePlaceholder')} maxLength={100} />
      </Field>
      <label className="check-row">
        <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />
        {t('settingsMore.keys.restrict')}
      </label>
      {restricted ? (
        <fieldset className="form__group">
          <legend>{t('settingsMore.keys.scopes')}</legend>
          <div className="check-grid">
            {ALL_SCOPES.map((scope) => (
              <label key={scope} className="check-row mono">
                <input type="checkbox" checked={scopes.includes(scope)} onChange={() => setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]))} />
                {scope}
              </label>
            ))}
          </div>
          {errorFor(err, 'scopes') ? <span className="field__error">{errorFor(err, 'scopes')}</span> : null}
        </fieldset>
      ) : null}
      <FormActions pending={create.pending} onCancel={onCancel} />
    </form>
  );
}
