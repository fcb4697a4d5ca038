import type { TFunction } from 'i18next';
import type { ClientError } from '../client/kartu-client.js';
import type { Translation } from '../i18n/en.js';

type KnownCode = keyof Translation['errors']['codes'];

/** The error in the user's language when the UI knows its code; the engine's own words otherwise. */
export function errorText(t: TFunction, error: ClientError): string {
  const codes = (t('errors.codes', { returnObjects: true }) ?? {}) as Record<string, string>;
  return Object.hasOwn(codes, error.code) ? t(`errors.codes.${error.code as KnownCode}`) : error.message;
}
