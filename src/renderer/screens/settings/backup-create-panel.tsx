import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../client/kartu-client.js';
import { useMutation } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { Field, errorFor } from '../../ui/field.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { formatBytes, formatIso, totalBytes } from './backup-format.js';

type Backup = Output<'backup-create'>;

/**
 * Make a backup: a folder (the engine's suggestion, editable) and whether the card-data key goes
 * with it, said plainly both ways. The copy runs while Kartu keeps working; the result says where,
 * how big, which files and whether the key is in it.
 */
export function BackupCreatePanel({ suggested, onMade }: { suggested: string | undefined; onMade(backup: Backup): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const create = useMutation('backup-create');
  const [folder, setFolder] = useState('');
  const [includeKey, setIncludeKey] = useState(false);
  const [made, setMade] = useState<Backup | null>(null);
  // The suggestion arrives with the status; a folder the owner typed is never overwritten. After a
  // backup the field is offered the suggestion again, unless that is the folder just used (the
  // suggestion names the second, so a reload within it suggests the same folder).
  useEffect(() => {
    if (suggested && !folder && suggested !== made?.folder) setFolder(suggested);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suggested, made]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMade(null);
    const backup = await create.run({ folder, include_key: includeKey });
    if (backup) {
      setMade(backup);
      onMade(backup);
      // The next backup needs a new folder (the same one is no longer empty), and the key goes
      // with a backup only when asked for each time.
      setFolder('');
      setIncludeKey(false);
    }
  };
  const err = create.error;
  return (
    <section className="panel panel__body stack" aria-labelledby="backup-create-title" data-testid="backup-create">
      <h2 id="backup-create-title">{t('settingsMore.backupTab.create.title')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <Field label={t('settingsMore.backupTab.create.folder')} hint={t('settingsMore.backupTab.create.folderHint')} error={errorFor(err, 'folder')}>
          <input className="input mono" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} autoComplete="off" />
        </Field>
        <label className="check-row">
          <input type="checkbox" checked={includeKey} onChange={(e) => setIncludeKey(e.target.checked)} aria-describedby="backup-key-warning" />
          {t('settingsMore.backupTab.create.includeKey')}
        </label>
        <p id="backup-key-warning" className={includeKey ? 'notice notice--error' : 'muted'} data-testid="backup-key-warning">
          {includeKey ? t('settingsMore.backupTab.create.keyWarningOn') : t('settingsMore.backupTab.create.keyWarningOff')}
        </p>
        {err && !errorFor(err, 'folder') ? <ErrorNotice error={err} /> : null}
        <div>
          <button type="submit" className="btn btn--primary" disabled={create.pending || !folder.trim()}>
            {t('settingsMore.backupTab.create.run')}
          </button>
        </div>
      </form>
      {create.pending ? <Loading label={t('settingsMore.backupTab.create.running')} /> : null}
      {made ? (
        <SuccessNotice>
          <p className="notice__title">{t('settingsMore.backupTab.create.done')}</p>
          <dl className="kv" data-testid="backup-result">
            <dt>{t('settingsMore.backupTab.create.where')}</dt>
            <dd className="mono">{made.folder}</dd>
            <dt>{t('settingsMore.backupTab.create.made')}</dt>
            <dd>{formatIso(made.created_at, lang)}</dd>
            <dt>{t('settingsMore.backupTab.create.size')}</dt>
            <dd>{formatBytes(totalBytes(made.files), lang)}</dd>
            <dt>{t('settingsMore.backupTab.create.files')}</dt>
            <dd className="mono">{made.files.map((file) => `${file.name} (${formatBytes(file.size_bytes, lang)})`).join(', ')}</dd>
            <dt>{t('settingsMore.backupTab.create.key')}</dt>
            <dd>{made.includes_card_data_key ? t('settingsMore.backupTab.create.keyIncluded') : t('settingsMore.backupTab.create.keyNotIncluded')}</dd>
          </dl>
        </SuccessNotice>
      ) : null}
    </section>
  );
}
