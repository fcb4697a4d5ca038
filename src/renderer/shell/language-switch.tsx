import { useTranslation } from 'react-i18next';
import { LANGS, setLang, useLang, type Lang } from '../i18n/i18n.js';

export function LanguageSwitch({ id = 'language-switch' }: { id?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="lang-switch">
      <label className="visually-hidden" htmlFor={id}>
        {t('lang.label')}
      </label>
      <select id={id} className="select select--compact" value={lang} onChange={(e) => void setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
