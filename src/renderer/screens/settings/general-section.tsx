import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '../../hooks/use-command.js';
import { useCan } from '../../state/session.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { useClient } from '../../client/client-context.js';
import { LanguageSwitch } from '../../shell/language-switch.js';
import { ModeSwitch } from '../../shell/mode-switch.js';
import { useApp } from '../../state/app-store.js';

export function GeneralSection() {
  const { t } = useTranslation();
  const client = useClient();
  const session = useApp((s) => s.session);
  const staff = session.status === 'ready' ? session.info.staff : undefined;
  const isOwner = useCan('owner');
  const rebuild = useMutation('reports-rebuild');
  const [rebuilt, setRebuilt] = useState<number | null>(null);
  return (
    <>
      <section className="panel" aria-labelledby="settings-general">
        <div className="panel__header">
          <h2 id="settings-general">{t('settings.general')}</h2>
        </div>
        <div className="panel__body">
          <dl className="kv">
            <dt>{t('lang.label')}</dt>
            <dd>
              <LanguageSwitch id="settings-language" />
              <span className="field__hint">{t('settings.languageHint')}</span>
            </dd>
            <dt>{t('mode.label')}</dt>
            <dd>
              <ModeSwitch />
              <span className="field__hint">{t('settings.dataHint')}</span>
            </dd>
          </dl>
        </div>
      </section>
      <section className="panel" aria-labelledby="settings-session">
        <div className="panel__header">
          <h2 id="settings-session">{t('settings.session')}</h2>
        </div>
        <div className="panel__body">
          <dl className="kv">
            {staff ? (
              <>
                <dt>{t('common.signedInAs', { name: '' }).trim()}</dt>
                <dd>
                  {staff.name} · {t(`common.roles.${staff.role}`)}
                </dd>
              </>
            ) : null}
            <dt>{t('settings.host')}</dt>
            <dd>{t(`settings.hosts.${client.kind}`)}</dd>
          </dl>
        </div>
      </section>
      {isOwner ? (
        <section className="panel panel__body" aria-labelledby="settings-reports">
          <h2 id="settings-reports">{t('settingsMore.reports.title')}</h2>
          <p className="muted">{t('settingsMore.reports.text')}</p>
          {rebuild.pending ? <Loading label={t('settingsMore.reports.running')} /> : null}
          {rebuild.error ? <ErrorNotice error={rebuild.error} /> : null}
          {rebuilt !== null && !rebuild.pending ? <SuccessNotice>{t('settingsMore.reports.done', { count: rebuilt })}</SuccessNotice> : null}
          <div>
            <button type="button" className="btn" disabled={rebuild.pending} onClick={() => void rebuild.run({}).then((r) => r && setRebuilt(r.authorizations))}>
              {t('settingsMore.reports.run')}
            </button>
          </div>
        </section>
      ) : null}
      <section className="panel panel__body" aria-labelledby="settings-backup">
        <h2 id="settings-backup">{t('settingsMore.backup')}</h2>
        <p className="muted">{t('settingsMore.backupText')}</p>
      </section>
    </>
  );
}
