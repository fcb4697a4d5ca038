import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError } from '../../client/kartu-client.js';
import { ErrorNotice, SuccessNotice } from '../../ui/states.js';

/** Saves text as a file through a Blob and a temporary link (a browser and Electron's renderer alike). */
function saveText(filename: string, contentType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** How many records the sandbox spoils on request: one of each kind (amount, unknown purchase, card). */
const MISTAKES = 3;

/**
 * Sandbox only: the simulated network's settlement file for the sandbox's today (its clock may have
 * been moved), with every purchase of the day, downloaded so the person imports it like a real one.
 */
export function SandboxFilePanel() {
  const { t } = useTranslation();
  const client = useClient();
  const [mistakes, setMistakes] = useState(true);
  const [format, setFormat] = useState<'sandbox' | 'csv'>('csv');
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState<{ file: string; count: number } | null>(null);
  const [error, setError] = useState<ClientError | null>(null);

  const download = async () => {
    setPending(true);
    setSaved(null);
    setError(null);
    try {
      const clock = await client.call('sandbox-clock-get', {});
      // The network settles by UTC day, as the file's dates are written.
      const date = clock.now.slice(0, 10);
      const file = await client.call('test-helper-settlement-file', {
        date,
        format,
        ...(mistakes ? { mismatches: MISTAKES, seed: Date.now() % 1_000_000_000 } : {}),
      });
      const name = `${file.file_id}.${format === 'csv' ? 'csv' : 'json'}`;
      saveText(name, format === 'csv' ? 'text/csv' : 'application/json', file.content);
      setSaved({ file: name, count: file.records });
    } catch (caught) {
      setError(toClientError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="panel panel__body stack stack--tight network-sandbox" aria-labelledby="sandbox-file-title">
      <h2 id="sandbox-file-title">{t('network.sandboxFile.title')}</h2>
      <p className="muted">{t('network.sandboxFile.text')}</p>
      <label className="check-row">
        <input type="checkbox" checked={mistakes} onChange={(e) => setMistakes(e.target.checked)} />
        {t('network.sandboxFile.mistakes')}
      </label>
      <div className="segmented" role="group" aria-label={t('network.sandboxFile.format')}>
        {(['csv', 'sandbox'] as const).map((f) => (
          <button key={f} type="button" aria-pressed={format === f} onClick={() => setFormat(f)}>
            {t(`network.sandboxFile.formats.${f}`)}
          </button>
        ))}
      </div>
      <div>
        <button type="button" className="btn" onClick={() => void download()} disabled={pending}>
          {pending ? t('common.loading') : t('network.sandboxFile.download')}
        </button>
      </div>
      {saved ? <SuccessNotice>{t('network.sandboxFile.downloaded', { file: saved.file, count: saved.count })}</SuccessNotice> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
