/**
 * The branch dimension of the rollups. The card and heat rollups hold, beside each branch's cells,
 * a total cell over every branch (and, in the card rollup, every category) whose place is `ALL`,
 * so a report without a branch filter reads one row per key instead of one per branch.
 *
 * A place is a location id or a merchant key (a merchant id, or `name:<merchant name>`). A merchant
 * id is whatever the acquirer sent, so one that reads exactly `ALL` is stored under another name:
 * no branch can ever be mistaken for the totals.
 */
export const ALL = '*';
const ESCAPED_ALL = 'id:*';

export function placeKey(value: string): string {
  return value === ALL ? ESCAPED_ALL : value;
}

export function placeOf(locationId: string | null, merchantKey: string): string {
  return locationId ?? placeKey(merchantKey);
}
