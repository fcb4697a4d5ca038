import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en, type Translation } from './en.js';
import { id } from './id.js';

export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}

const STORAGE_KEY = 'kartu.lang';

/** Indonesian when the system's language is Indonesian, English otherwise; a choice made in the app wins. */
export function initialLang(navigatorLanguage: string | undefined, stored: string | null): Lang {
  if (stored === 'id' || stored === 'en') return stored;
  return navigatorLanguage?.toLowerCase().startsWith('id') ? 'id' : 'en';
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export async function initI18n(): Promise<void> {
  const lng = initialLang(navigator.language, readStored());
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: { en: { translation: en }, id: { translation: id } },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = lng;
}

export function currentLang(): Lang {
  return i18next.language === 'id' ? 'id' : 'en';
}

export async function setLang(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private windows may refuse storage: the choice then lasts for this visit.
  }
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** The UI language, re-rendering the caller when it changes. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'id' ? 'id' : 'en';
}
