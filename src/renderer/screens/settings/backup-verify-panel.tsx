import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../client/kartu-client.js';
import { useMutation } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { Field } from '../../ui/field.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { formatBytes, formatIso, totalBytes } from './backup-format.js';

/**
 * Check a backup folder without changing anything: a plain verdict, "complete and undamaged" with
 * what is in it, or why it cannot be used. `request` fills the field (right after a backup was
 * made) and, with `run`, checks at once (a past backup's Check button).
 */
export function BackupVerifyPanel({ request }: { request: { folder: string; n: number; run: boolean } | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const verify = useMutation('backup-verify');
  const [folder, setFolder] = useState('');
  const [verdict, setVerdict] = useState<Output<'backup-verify'> | null>(null);

  const check = async (path: string) => {
    setVerdict(null);
    const result = await verify.run({ folder: path });
    if (result) setVerdict(result);
  };
  useEffect(() => {
    if (!request) return;
    setFolder(request.folder);
    setVerdict(null);
    verify.reset();
    if (request.run) void check(request.folder);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request?.n]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void check(folder);
  };
  return (
    <section className="panel panel__body stack" aria-labelledby="backup-verify-title" data-testid="backup-verify">
      <h2 id="backup-verify-title">{t('settingsMore.backupTab.verify.title')}</h2>
      <p className="muted">{t('settingsMore.backupTab.verify.text')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <Field label={t('settingsMore.backupTab.verify.folder')}>
          <input className="input mono" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} autoComplete="off" />
        </Field>
        <div>
          <button type="submit" className="btn" disabled={verify.pending || !folder.trim()}>
            {t('settingsMore.backupTab.verify.run')}
          </button>
        </div>
      </form>
      {verify.pending ? <Loading label={t('settingsMore.backupTab.verify.running')} /> : null}
      {verify.error ? <ErrorNotice error={verify.error} title={t('settingsMore.backupTab.verify.bad')} /> : null}
      {verdict ? (
        <div data-testid="backup-verdict">
          <SuccessNotice>
            <p className="notice__title">{t('settingsMore.backupTab.verify.ok')}</p>
            <p>
              {t('settingsMore.backupTab.verify.okText', {
                date: formatIso(verdict.created_at, lang),
                version: verdict.kartu_version,
                count: verdict.files.length,
                size: formatBytes(totalBytes(verdict.files), lang),
              })}
            </p>
            <p>
              {t('settingsMore.backupTab.create.key')}: {verdict.includes_card_data_key ? t('settingsMore.backupTab.create.keyIncluded') : t('settingsMore.backupTab.create.keyNotIncluded')}
            </p>
          </SuccessNotice>
        </div>
      ) : null}
    </section>
  );
}
