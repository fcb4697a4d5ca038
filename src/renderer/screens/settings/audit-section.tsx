import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { useApp } from '../../state/app-store.js';
import { hrefOf } from '../../state/route.js';
import { Badge } from '../../ui/badge.js';
import { DataTable } from '../../ui/data-table.js';
import { EmptyState, ErrorNotice, SkeletonRows, SuccessNotice } from '../../ui/states.js';
import { auditObject } from './audit-object.js';
import { SectionHeader } from './section-header.js';

interface Entry {
  actor: { type: string; id: string };
  detail: unknown;
}

/** The part of an entry's detail worth a glance: why it was refused, how someone signed in or out. */
function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  const d = detail as Record<string, unknown>;
  return [d.code, d.method, d.reason].filter((v): v is string => typeof v === 'string').join(' · ');
}

/** An entry's object in words ('Top-up', 'Card'), linked when it has a screen; the id is the tooltip. */
function AuditObjectCell({ id }: { id: string }) {
  const { t } = useTranslation();
  const object = auditObject(id);
  const word = t(`settingsMore.audit.objects.${object.kind}`);
  return object.screen ? (
    <a href={hrefOf(object.screen, id)} title={id}>
      {word}
    </a>
  ) : (
    <span title={id}>{word}</span>
  );
}

/**
 * The tamper-evident audit log of the data on screen: who did what, refused or done, newest first,
 * and a check that no entry was changed, removed or reordered since it was written.
 */
export function AuditSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const mode = useApp((s) => s.mode);
  const list = usePagedList('audit-list', {});
  const staff = useQuery('staff-list', { limit: 100 });
  const verify = useMutation('audit-verify');
  const [verification, setVerification] = useState<Awaited<ReturnType<typeof verify.run>>>(undefined);
  const names = useMemo(() => new Map((staff.data?.data ?? []).map((s) => [s.id, s.name])), [staff.data]);
  const who = (entry: Entry) =>
    entry.actor.type === 'staff' ? (names.get(entry.actor.id) ?? entry.actor.id) : entry.actor.type === 'system' ? t('settingsMore.audit.system') : t('settingsMore.audit.apiKey', { id: entry.actor.id });

  return (
    <section className="stack" aria-labelledby="audit-title">
      <SectionHeader
        id="audit-title"
        title={t('settingsMore.tabs.audit')}
        action={
          <button type="button" className="btn" disabled={verify.pending} onClick={() => void verify.run({}).then(setVerification)}>
            {verify.pending ? t('settingsMore.audit.verifying') : t('settingsMore.audit.verify')}
          </button>
        }
      >
        {t('settingsMore.audit.text', { mode: t(`mode.${mode}`) })}
      </SectionHeader>
      {verify.error ? <ErrorNotice error={verify.error} /> : null}
      {verification ? (
        verification.ok ? (
          <SuccessNotice>{t('settingsMore.audit.intact', { count: verification.entries })}</SuccessNotice>
        ) : (
          <p className="notice notice--error" role="alert">
            {t('settingsMore.audit.broken', { problem: verification.problem ?? '' })}
          </p>
        )
      ) : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <div className="panel">
          <EmptyState icon="lock" title={t('settingsMore.audit.empty')} />
        </div>
      ) : null}
      {list.loading || list.items.length > 0 ? (
        <DataTable
          caption={t('settingsMore.tabs.audit')}
          busy={list.loading}
          head={
            <>
              <th scope="col">{t('settingsMore.audit.columns.when')}</th>
              <th scope="col">{t('settingsMore.audit.columns.who')}</th>
              <th scope="col">{t('settingsMore.audit.columns.action')}</th>
              <th scope="col">{t('settingsMore.audit.columns.outcome')}</th>
              <th scope="col">{t('settingsMore.audit.columns.object')}</th>
            </>
          }
          footer={
            list.hasMore ? (
              <div className="table-footer">
                <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
                  {list.loadingMore ? t('common.loading') : t('common.loadMore')}
                </button>
              </div>
            ) : null
          }
        >
          {list.loading ? (
            <SkeletonRows columns={5} />
          ) : (
            list.items.map((entry) => (
              <tr key={entry.id}>
                <td className="nowrap">{formatDateTime(Math.floor(Date.parse(entry.at) / 1000), DEFAULT_TIME_ZONE, lang)}</td>
                <td>{who(entry)}</td>
                <td>
                  {/* The command's own name stays as the tooltip, for support and for searching the docs. */}
                  <span className="cell-strong" title={t('settingsMore.audit.commandTitle', { name: entry.action })}>
                    {t(`settingsMore.audit.actions.${entry.action}` as 'settingsMore.audit.actions.card-create', { defaultValue: entry.action })}
                  </span>
                  {detailText(entry.detail) ? <span className="cell-sub">{detailText(entry.detail)}</span> : null}
                </td>
                <td>
                  <Badge tone={entry.outcome === 'ok' ? 'success' : 'danger'}>{t(`settingsMore.audit.outcome.${entry.outcome === 'ok' ? 'ok' : 'refused'}`)}</Badge>
                </td>
                <td className="nowrap">{entry.object_id ? <AuditObjectCell id={entry.object_id} /> : null}</td>
              </tr>
            ))
          )}
        </DataTable>
      ) : null}
    </section>
  );
}
