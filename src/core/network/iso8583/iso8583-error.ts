import type { Iso8583Fields } from './message.js';

/** Why a message or frame was refused; tests and the server branch on it, people read `message`. */
export type Iso8583ErrorCode =
  | 'bad_mti'
  | 'truncated'
  | 'bad_length'
  | 'not_numeric'
  | 'bad_character'
  | 'unknown_field'
  | 'missing_value'
  | 'trailing_bytes'
  | 'oversized';

/** Field numbers as ISO 8583 counts them: 0 is the MTI, 1 the bitmap. */
export const MTI_FIELD = 0;
export const BITMAP_FIELD = 1;

/**
 * Anything malformed on the wire. `field` names the data element at fault. When the MTI (and
 * perhaps some fields before the fault, such as the STAN) could be read, they travel along in
 * `mti` and `partialFields`, so that a server can still answer "30 format error" with the echo an
 * acquirer needs to match the answer to its request.
 */
export class Iso8583Error extends Error {
  readonly code: Iso8583ErrorCode;
  readonly field: number | undefined;
  mti: string | undefined;
  partialFields: Iso8583Fields | undefined;

  constructor(code: Iso8583ErrorCode, field: number | undefined, message: string) {
    super(field === undefined ? message : `field ${field}: ${message}`);
    this.name = 'Iso8583Error';
    this.code = code;
    this.field = field;
    this.mti = undefined;
    this.partialFields = undefined;
  }
}
