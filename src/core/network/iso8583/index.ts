/** The ISO 8583:1987 wire format of the authorization port: codec, framing and the mapping to the engine. */
export { packMessage, packFrame, unpackMessage, MAX_MESSAGE_BYTES } from './codec.js';
export { FrameDecoder, frameMessage, DEFAULT_MAX_FRAME_BYTES } from './frame-decoder.js';
export { Iso8583Error, type Iso8583ErrorCode } from './iso8583-error.js';
export type { Iso8583Message, Iso8583Fields } from './message.js';
export { FIELD_TABLE, fieldSpec, type FieldSpec } from './field-table.js';
export { requestKindOf, responseMtiFor, type IsoRequestKind } from './mti.js';
export { RESPONSE_CODES, isApproval, type IsoResponseCode } from './response-codes.js';
export * from './authorization-mapping.js';
export * from './acquirer-messages.js';
export * from './field-formats.js';
