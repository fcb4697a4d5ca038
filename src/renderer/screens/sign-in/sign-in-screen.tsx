import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError } from '../../client/kartu-client.js';
import { LanguageSwitch } from '../../shell/language-switch.js';
import { useApp } from '../../state/app-store.js';
import { Field, errorFor } from '../../ui/field.js';
import { ErrorNotice } from '../../ui/states.js';
import { errorText } from '../../ui/error-text.js';

/** Shown when there is no session: staff sign in with their PIN. */
export function SignInScreen() {
  const { t } = useTranslation();
  const client = useClient();
  const setSession = useApp((s) => s.setSession);
  const [pin, setPin] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const info = await client.signIn({ pin });
      setSession({ status: 'ready', info });
    } catch (caught) {
      setError(toClientError(caught));
      setPin('');
    } finally {
      setPending(false);
    }
  };

  const pinError = error && errorFor(error, 'pin') ? errorText(t, error) : undefined;
  return (
    <main className="centered-page">
      <form className="panel sign-in" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <div className="panel__body">
          <div className="nav__brand sign-in__brand">
            <span className="nav__logo" aria-hidden="true" />
            {t('app.name')}
          </div>
          <div>
            <h1 id="sign-in-title">{t('signIn.title')}</h1>
            <p className="muted">{t('signIn.text')}</p>
          </div>
          {error && !pinError ? <ErrorNotice error={error} /> : null}
          <Field label={t('signIn.pin')} error={pinError}>
            <input
              className="input pin-input mono"
              type="password"
              inputMode="numeric"
              autoComplete="current-password"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))}
              autoFocus
              required
            />
          </Field>
          <button type="submit" className="btn btn--primary" disabled={pending || pin.length === 0}>
            {pending ? t('signIn.signingIn') : t('signIn.submit')}
          </button>
          {client.kind === 'http' ? <p className="field__hint">{t('signIn.tokenHint')}</p> : null}
          <LanguageSwitch id="sign-in-language" />
        </div>
      </form>
    </main>
  );
}
