import type { TFunction } from 'i18next';
import type { ClientError } from '../../client/kartu-client.js';
import { errorFor } from '../../ui/field.js';
import { errorText } from '../../ui/error-text.js';

export const EDITABLE_FIELDS = ['name', 'email', 'phone', 'birth_date', 'national_id', 'address'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

const VALIDATION_CODES = new Set(['parameter_invalid', 'parameter_missing']);

/**
 * The refusal shown under the field the engine named (`param`): a validation code gets this
 * screen's sentence in the reader's language; any other known code the shared translation; an
 * unknown one the engine's own words.
 */
export function fieldError(t: TFunction, error: ClientError | null, field: EditableField): string | undefined {
  if (!error || errorFor(error, field) === undefined) return undefined;
  return VALIDATION_CODES.has(error.code) ? t(`cardholderDetail.fieldErrors.${field}`) : errorText(t, error);
}

/** Whether the error belongs under one of the form's fields (otherwise it is shown above the form). */
export function isFieldError(error: ClientError | null): boolean {
  return EDITABLE_FIELDS.some((field) => errorFor(error, field) !== undefined);
}
