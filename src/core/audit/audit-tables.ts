/**
 * Where the audit chain ends, written in the same transaction as each entry. Without it, deleting
 * the LAST entries leaves a chain that still verifies; with it, the end is known. New entries chain
 * from the anchor (not from the last row), so a deletion followed by new entries shows as a gap.
 */
export interface AuditAnchorTable {
  id: number;
  seq: number;
  hash: string;
  updated_at: string;
}
