import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { useCan } from '../../state/session.js';
import { DataTable } from '../../ui/data-table.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import { BackupCreatePanel } from './backup-create-panel.js';
import { BackupRestorePanel } from './backup-restore-panel.js';
import { BackupVerifyPanel } from './backup-verify-panel.js';
import { formatIso } from './backup-format.js';
import { SectionHeader } from './section-header.js';

/**
 * Settings › Backup (owner only; the engine refuses anyone else whatever this shows): make a
 * backup, check one, restore one at the next start, and the backups made from this data.
 */
export function BackupSection() {
  const { t } = useTranslation();
  const isOwner = useCan('owner');
  if (!isOwner) {
    return (
      <section className="stack" aria-labelledby="backup-title">
        <SectionHeader id="backup-title" title={t('settingsMore.backup')}>
          {t('settingsMore.backupTab.text')}
        </SectionHeader>
        <div className="panel" data-testid="backup-owner-only">
          <EmptyState icon="lock" title={t('settingsMore.backupTab.ownerOnly')} />
        </div>
      </section>
    );
  }
  return <OwnerBackup />;
}

function OwnerBackup() {
  const { t } = useTranslation();
  const lang = useLang();
  const status = useQuery('backup-status', {});
  const [check, setCheck] = useState<{ folder: string; n: number; run: boolean } | null>(null);
  const [prefill, setPrefill] = useState<{ folder: string; n: number } | null>(null);
  const s = status.data;
  return (
    <section className="stack" aria-labelledby="backup-title">
      <SectionHeader id="backup-title" title={t('settingsMore.backup')}>
        {t('settingsMore.backupTab.text')}
      </SectionHeader>
      {status.error ? <ErrorNotice error={status.error} onRetry={status.reload} /> : null}
      {!s && status.loading ? <Loading /> : null}
      {s ? (
        <>
          <p className="muted mono" data-testid="backup-data-dir">
            {t('settingsMore.backupTab.dataDir', { path: s.data_dir })}
          </p>
          <div className="grid-2">
            <BackupCreatePanel
              suggested={s.suggested_folder}
              onMade={(backup) => {
                setCheck((c) => ({ folder: backup.folder, n: (c?.n ?? 0) + 1, run: false }));
                setPrefill((p) => ({ folder: backup.folder, n: (p?.n ?? 0) + 1 }));
                status.reload();
              }}
            />
            <BackupVerifyPanel request={check} />
          </div>
          <BackupRestorePanel status={s} prefill={prefill} onChanged={status.reload} />
          <section className="stack" aria-labelledby="backup-history-title" data-testid="backup-history">
            <h2 id="backup-history-title">{t('settingsMore.backupTab.history.title')}</h2>
            {s.history.length === 0 ? (
              <div className="panel">
                <EmptyState icon="inbox" title={t('settingsMore.backupTab.history.empty')} />
              </div>
            ) : (
              <DataTable
                caption={t('settingsMore.backupTab.history.title')}
                actionsLabel={t('settingsMore.backupTab.history.check')}
                head={
                  <>
                    <th scope="col">{t('settingsMore.backupTab.history.when')}</th>
                    <th scope="col">{t('settingsMore.backupTab.history.folder')}</th>
                    <th scope="col">{t('settingsMore.backupTab.history.key')}</th>
                  </>
                }
              >
                {s.history.map((row) => (
                  <tr key={`${row.at}-${row.folder}`}>
                    <td className="nowrap">{formatIso(row.at, lang)}</td>
                    <td className="mono">{row.folder}</td>
                    <td>{row.include_key ? t('settingsMore.backupTab.history.keyYes') : t('settingsMore.backupTab.history.keyNo')}</td>
                    <td>
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => setCheck((c) => ({ folder: row.folder, n: (c?.n ?? 0) + 1, run: true }))}>
                        {t('settingsMore.backupTab.history.check')}
                      </button>
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}
