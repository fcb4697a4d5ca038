import type { TFunction } from 'i18next';
import { ClientError } from '../../client/kartu-client.js';
import type { Translation } from '../../i18n/en.js';

type NetworkCode = keyof Translation['network']['errors'];

/**
 * The engine's refusals of a resolution or a retry, in the user's language (with what to do
 * instead); any other error keeps the engine's words. Same code, param and type, so the error
 * notice still names the field and the code for support.
 */
export function localizedError(t: TFunction, error: ClientError | null): ClientError | null {
  if (!error) return null;
  const codes = t('network.errors', { returnObjects: true }) as Record<string, string>;
  if (!Object.hasOwn(codes, error.code)) return error;
  return new ClientError({ type: error.type, code: error.code, message: t(`network.errors.${error.code as NetworkCode}`), param: error.param });
}

/** A refusal that means the list on screen is out of date (someone else acted first). */
export function isStale(error: ClientError | null): boolean {
  return error?.code === 'not_open' || error?.code === 'already_resolved' || error?.code === 'already_delivered';
}
