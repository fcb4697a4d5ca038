import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../client/kartu-client.js';
import { useClient } from '../../client/client-context.js';
import { useMutation } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { Field, errorFor } from '../../ui/field.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { formatIso } from './backup-format.js';

type Status = Output<'backup-status'>;
type Verified = Output<'backup-verify'>;

/**
 * Restore: the backup is checked first (a bad folder is an error here, no dialog), then the owner
 * confirms with the backup's date in front of them. A running Kartu has its databases open, so the
 * engine schedules the restore and the host applies it when it next starts (core/backup/
 * scheduled-restore.ts); until then it can be canceled. The last restore's outcome is shown too.
 */
export function BackupRestorePanel({ status, prefill, onChanged }: { status: Status; prefill: { folder: string; n: number } | null; onChanged(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const client = useClient();
  const verify = useMutation('backup-verify');
  const schedule = useMutation('backup-restore-schedule');
  const cancel = useMutation('backup-restore-cancel');
  const [folder, setFolder] = useState('');
  const [asking, setAsking] = useState<Verified | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [canceled, setCanceled] = useState(false);
  useEffect(() => {
    if (prefill) setFolder(prefill.folder);
  }, [prefill?.n]); // eslint-disable-line react-hooks/exhaustive-deps

  const check = async (event: FormEvent) => {
    event.preventDefault();
    schedule.reset();
    setCanceled(false);
    const verified = await verify.run({ folder });
    if (verified) setAsking(verified);
  };
  const confirm = async () => {
    const target = asking;
    setAsking(null);
    if (!target) return;
    if (await schedule.run({ folder: target.folder })) onChanged();
  };
  const doCancel = async () => {
    setConfirmCancel(false);
    if (await cancel.run({})) {
      setCanceled(true);
      onChanged();
    }
  };

  const scheduled = status.scheduled_restore;
  const last = status.last_restore;
  const error = verify.error ?? schedule.error;
  return (
    <section className="panel panel__body stack" aria-labelledby="backup-restore-title" data-testid="backup-restore">
      <h2 id="backup-restore-title">{t('settingsMore.backupTab.restore.title')}</h2>
      <p className="muted">{t('settingsMore.backupTab.restore.text')}</p>
      {last ? (
        last.outcome === 'restored' ? (
          <SuccessNotice>
            <p data-testid="backup-last-restore">{t('settingsMore.backupTab.restore.lastRestored', { folder: last.folder, date: formatIso(last.backup_created_at, lang), at: formatIso(last.at, lang) })}</p>
            {last.replaced_folder ? <p className="mono">{t('settingsMore.backupTab.restore.lastReplaced', { folder: last.replaced_folder })}</p> : null}
          </SuccessNotice>
        ) : (
          <div className="notice notice--error" role="alert" data-testid="backup-last-restore">
            <div className="notice__body">
              <p className="notice__title">{t('settingsMore.backupTab.restore.lastFailed', { at: formatIso(last.at, lang) })}</p>
              <p>{t('settingsMore.backupTab.restore.lastFailedWhy', { message: last.error?.message ?? '' })}</p>
            </div>
          </div>
        )
      ) : null}
      {scheduled ? (
        <div className="notice notice--info" role="status" data-testid="backup-scheduled">
          <div className="notice__body">
            <p className="notice__title">{t('settingsMore.backupTab.restore.scheduledTitle')}</p>
            <p>
              {t('settingsMore.backupTab.restore.scheduledText', {
                folder: scheduled.folder,
                date: formatIso(scheduled.backup_created_at, lang),
                who: scheduled.scheduled_by.name ?? scheduled.scheduled_by.id,
                at: formatIso(scheduled.scheduled_at, lang),
              })}
            </p>
            <p className="cell-strong">{client.kind === 'ipc' ? t('settingsMore.backupTab.restore.scheduledHowDesktop') : t('settingsMore.backupTab.restore.scheduledHowServer')}</p>
            <div>
              <button type="button" className="btn btn--small" onClick={() => setConfirmCancel(true)} disabled={cancel.pending}>
                {t('settingsMore.backupTab.restore.cancel')}
              </button>
            </div>
          </div>
        </div>
      ) : null}
      {canceled ? <SuccessNotice>{t('settingsMore.backupTab.restore.canceled')}</SuccessNotice> : null}
      {cancel.error ? <ErrorNotice error={cancel.error} /> : null}
      <form className="form" onSubmit={check} noValidate>
        <Field label={t('settingsMore.backupTab.restore.folder')} error={errorFor(error, 'folder')}>
          <input className="input mono" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} autoComplete="off" />
        </Field>
        {error && !errorFor(error, 'folder') ? <ErrorNotice error={error} /> : null}
        <div>
          <button type="submit" className="btn btn--danger" disabled={verify.pending || schedule.pending || !folder.trim()}>
            {t('settingsMore.backupTab.restore.run')}
          </button>
        </div>
      </form>
      {verify.pending ? <Loading label={t('settingsMore.backupTab.restore.checking')} /> : null}
      <ConfirmDialog
        open={asking !== null}
        danger
        pending={schedule.pending}
        title={t('settingsMore.backupTab.restore.confirmTitle', { date: formatIso(asking?.created_at, lang) })}
        text={t('settingsMore.backupTab.restore.confirmText', {
          date: formatIso(asking?.created_at, lang),
          dataDir: status.data_dir,
          key: asking?.includes_card_data_key ? t('settingsMore.backupTab.restore.confirmKey') : t('settingsMore.backupTab.restore.confirmNoKey'),
        })}
        confirmLabel={t('settingsMore.backupTab.restore.confirm')}
        onCancel={() => setAsking(null)}
        onConfirm={() => void confirm()}
      />
      <ConfirmDialog
        open={confirmCancel}
        title={t('settingsMore.backupTab.restore.cancelTitle')}
        text={t('settingsMore.backupTab.restore.cancelText')}
        confirmLabel={t('settingsMore.backupTab.restore.keepIt')}
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() => void doCancel()}
      />
    </section>
  );
}
