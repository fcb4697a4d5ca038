import type { TFunction } from 'i18next';
import type { ClientError } from '../../client/kartu-client.js';
import type { Translation } from '../../i18n/en.js';

type NetworkCode = keyof Translation['network']['errors'];

/**
 * The engine's refusals of a resolution or a retry said for this screen (with the choice to make
 * instead); undefined for any other error, which the shared translation says (ui/error-text.ts).
 * The notice keeps the error's code and param, so it still names the field and the code for support.
 */
export function networkErrorText(t: TFunction, error: ClientError | null): string | undefined {
  if (!error) return undefined;
  const codes = t('network.errors', { returnObjects: true }) as Record<string, string>;
  return Object.hasOwn(codes, error.code) ? t(`network.errors.${error.code as NetworkCode}`) : undefined;
}

/** A refusal that means the list on screen is out of date (someone else acted first). */
export function isStale(error: ClientError | null): boolean {
  return error?.code === 'not_open' || error?.code === 'already_resolved' || error?.code === 'already_delivered';
}
