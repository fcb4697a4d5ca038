import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { useConfirmAction } from '../../hooks/use-confirm-action.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Field, errorFor } from '../../ui/field.js';
import { FormActions } from '../../ui/form-actions.js';
import { DataTable } from '../../ui/data-table.js';
import { Modal } from '../../ui/modal.js';
import { NewButton } from '../../ui/new-button.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import { parseList } from '../rules/controls-draft.js';
import { SectionHeader } from './section-header.js';
import { SecretModal } from './secret-modal.js';

/** Where Kartu sends events; each endpoint's signing secret is shown once. */
export function WebhooksSection() {
  const { t } = useTranslation();
  const isOwner = useCan('owner');
  const endpoints = useQuery('webhook-endpoint-list', { limit: 100 });
  const deliveries = useQuery('webhook-delivery-list', { limit: 10 });
  const update = useMutation('webhook-endpoint-update');
  const remove = useMutation('webhook-endpoint-delete');
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const deleting = useConfirmAction((target: { id: string; url: string }) => remove.run({ id: target.id }).then((r) => r && endpoints.reload()));
  const list = endpoints.data?.data ?? [];
  return (
    <section className="stack" aria-labelledby="webhooks-title">
      <SectionHeader id="webhooks-title" title={t('settingsMore.tabs.webhooks')} action={isOwner ? <NewButton label={t('settingsMore.webhooks.new')} onClick={() => setCreating(true)} /> : null}>
        {t('settingsMore.webhooks.text')}
      </SectionHeader>
      {update.error ?? remove.error ? <ErrorNotice error={(update.error ?? remove.error)!} /> : null}
      {endpoints.error ? <ErrorNotice error={endpoints.error} onRetry={endpoints.reload} /> : null}
      {endpoints.loading && !endpoints.data ? <Loading /> : null}
      {!endpoints.loading && !endpoints.error && list.length === 0 ? <div className="panel"><EmptyState icon="inbox" title={t('settingsMore.webhooks.empty')} text={t('settingsMore.webhooks.emptyText')} /></div> : null}
      {list.length > 0 ? (
        <DataTable
          caption={t('settingsMore.tabs.webhooks')}
          actionsLabel={isOwner ? t('settingsMore.webhooks.columns.actions') : undefined}
          head={
            <>
              <th scope="col">{t('settingsMore.webhooks.columns.url')}</th>
              <th scope="col">{t('settingsMore.webhooks.columns.events')}</th>
              <th scope="col">{t('settingsMore.webhooks.columns.status')}</th>
            </>
          }
        >
              {list.map((endpoint) => (
                <tr key={endpoint.id}>
                  <td>
                    <span className="cell-strong mono">{endpoint.url}</span>
                    {endpoint.description ? <span className="cell-sub">{endpoint.description}</span> : null}
                  </td>
                  <td className="mono">{endpoint.enabled_events.join(', ')}</td>
                  <td>
                    <Badge tone={endpoint.status === 'enabled' ? 'success' : 'neutral'}>{t(`settingsMore.webhooks.status.${endpoint.status}`)}</Badge>
                  </td>
                  {isOwner ? (
                    <td>
                      <div className="row-actions">
                        <button type="button" className="btn btn--small" disabled={update.pending} onClick={() => void update.run({ id: endpoint.id, status: endpoint.status === 'enabled' ? 'disabled' : 'enabled' }).then((r) => r && endpoints.reload())}>
                          {endpoint.status === 'enabled' ? t('settingsMore.webhooks.disable') : t('settingsMore.webhooks.enable')}
                        </button>
                        <button type="button" className="btn btn--small btn--ghost danger-text" onClick={() => deleting.ask({ id: endpoint.id, url: endpoint.url })}>
                          {t('settingsMore.webhooks.remove')}
                        </button>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
        </DataTable>
      ) : null}
      <section className="panel" aria-labelledby="deliveries-title">
        <div className="panel__header">
          <h3 id="deliveries-title">{t('settingsMore.webhooks.deliveries')}</h3>
        </div>
        {deliveries.error ? (
          <div className="panel__body">
            <ErrorNotice error={deliveries.error} onRetry={deliveries.reload} />
          </div>
        ) : deliveries.loading && !deliveries.data ? (
          <Loading />
        ) : (deliveries.data?.data.length ?? 0) === 0 ? (
          <p className="panel__body muted">{t('settingsMore.webhooks.noDeliveries')}</p>
        ) : (
          <ul className="feed">
            {deliveries.data!.data.map((d) => (
              <li key={d.id}>
                <span className="mono">{d.event_type}</span>
                <span className="muted">
                  {t(`settingsMore.webhooks.deliveryStatus.${d.status as 'pending' | 'retrying' | 'delivered' | 'failed' | 'canceled'}`)} · {t('settingsMore.webhooks.deliveryColumns.attempts')}: {d.attempts}
                  {d.last_status_code ? ` · ${d.last_status_code}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Modal open={creating} title={t('settingsMore.webhooks.createTitle')} onClose={() => setCreating(false)}>
        <EndpointForm
          onCancel={() => setCreating(false)}
          onDone={(value) => {
            setCreating(false);
            setSecret(value);
            endpoints.reload();
          }}
        />
      </Modal>
      <SecretModal secret={secret} title={t('settingsMore.webhooks.secretTitle')} text={t('settingsMore.webhooks.secretText')} onClose={() => setSecret(null)} />
      <ConfirmDialog
        {...deleting.dialog}
        danger
        pending={remove.pending}
        title={t('settingsMore.webhooks.confirmDeleteTitle')}
        text={t('settingsMore.webhooks.confirmDeleteText', { url: deleting.target?.url ?? '' })}
        confirmLabel={t('settingsMore.webhooks.remove')}
      />
    </section>
  );
}

function EndpointForm({ onDone, onCancel }: { onDone(secret: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const create = useMutation('webhook-endpoint-create');
  const [form, setForm] = useState({ url: 'http://127.0.0.1:9000/kartu', events: 'card.*, authorization.created', description: '' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const endpoint = await create.run({ url: form.url.trim(), enabled_events: parseList(form.events) ?? [], ...(form.description.trim() ? { description: form.description.trim() } : {}) });
    if (endpoint?.secret) onDone(endpoint.secret);
  };
  const err = create.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {err && !err.param ? <ErrorNotice error={err} /> : null}
      <Field label={t('settingsMore.webhooks.url')} hint={t('settingsMore.webhooks.urlHint')} error={errorFor(err, 'url')}>
        <input className="input mono" value={form.url} onChange={(e) => setForm((f) => ({ ...f, url: e.target.value }))} />
      </Field>
      <Field label={t('settingsMore.webhooks.events')} hint={t('settingsMore.webhooks.eventsHint')} error={errorFor(err, 'enabled_events')}>
        <input className="input mono" value={form.events} onChange={(e) => setForm((f) => ({ ...f, events: e.target.value }))} />
      </Field>
      <Field label={t('settingsMore.webhooks.description')} error={errorFor(err, 'description')} optional>
        <input className="input" value={form.description} onChange={(e) => setForm((f) => ({ ...f, description: e.target.value }))} maxLength={200} />
      </Field>
      <FormActions pending={create.pending} onCancel={onCancel} />
    </form>
  );
}
