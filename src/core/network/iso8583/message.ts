/**
 * A message as data: the MTI and its data elements keyed by field number (2..128), each value the
 * field's characters as they travel (numeric fields keep their leading zeros, fixed `ans` fields
 * their padding). Binary fields (52, 55, 64, 128) are given as upper-case hex.
 */
export type Iso8583Fields = { [field: number]: string };

export interface Iso8583Message {
  mti: string;
  fields: Iso8583Fields;
}
