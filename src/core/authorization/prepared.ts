/** Moved to ledger/prepared.ts (the lower layer); re-exported here for existing imports. */
export { Prepared, PreparedInsert } from '../ledger/prepared.js';
