import i18next, { type TFunction } from 'i18next';
import { en } from '../en.js';
import { id } from '../id.js';

/** The app's texts in both languages, for unit tests of code that says things: `tId` and `tEn`. */
export async function translators(): Promise<{ tId: TFunction; tEn: TFunction }> {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'id', fallbackLng: 'en', resources: { en: { translation: en }, id: { translation: id } }, interpolation: { escapeValue: false } });
  return { tId: i18n.getFixedT('id'), tEn: i18n.getFixedT('en') };
}
