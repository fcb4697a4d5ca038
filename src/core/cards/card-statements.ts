import { Prepared, PreparedInsert } from '../ledger/prepared.js';
import type { CardholderRow, CardRow, ProgramRow } from '../db/schema.js';
import type { LedgerAccountRow } from '../ledger/tables.js';

/**
 * The issuance path's own statements, built and compiled once (kysely's builder, the database's
 * dialect) and run with new values: building and compiling a small query costs more than SQLite
 * takes to run it, and bulk issuance runs each of these once per card.
 */
const CARD_COLUMNS = [
  'id', 'program_id', 'cardholder_id', 'design_id', 'type', 'status', 'cancellation_reason', 'number_encrypted', 'account_id', 'fingerprint',
  'first6', 'last4', 'exp_month', 'exp_year', 'spending_controls', 'fulfilment_status', 'shipping', 'replacement_for', 'replacement_reason',
  'replaced_by', 'metadata', 'created_at', 'updated_at', 'activated_at', 'canceled_at',
] as const satisfies ReadonlyArray<keyof CardRow>;

export const insertCardRow = new PreparedInsert<CardRow>('cards', CARD_COLUMNS);

/** Is a number (by fingerprint) taken? */
export const cardIdByFingerprint = new Prepared<[string], { id: string }>(1, (db, fingerprint) =>
  db.selectFrom('cards').select('id').where('fingerprint', '=', fingerprint).limit(1),
);

/** Cards of a cardholder that are not canceled (the network's eligibility check counts them). */
export const openCardsOf = new Prepared<[string], { n: number }>(1, (db, cardholderId) =>
  db
    .selectFrom('cards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cardholder_id', '=', cardholderId)
    .where('status', '!=', 'canceled'),
);

/** The account that funds a card, for its balance right after issuance. */
export const ledgerAccountById = new Prepared<[string], LedgerAccountRow>(1, (db, id) => db.selectFrom('ledger_accounts').selectAll().where('id', '=', id));

/** getProgram's and getCardholderRow's reads, prepared: card-create reads both for every card. */
export const programRowById = new Prepared<[string], ProgramRow>(1, (db, id) => db.selectFrom('programs').selectAll().where('id', '=', id));
export const cardholderRowById = new Prepared<[string], CardholderRow>(1, (db, id) => db.selectFrom('cardholders').selectAll().where('id', '=', id));
