import { sql, type Kysely } from 'kysely';

/**
 * Frozen: the rewards ledger's tables clustered by their key (SQLite WITHOUT ROWID), with only the
 * indexes that queries use.
 *
 * Every captured purchase of a rewards member writes an earnings row, a points entry and a lot (and
 * a cashback entry for a cashback tier). As rowid tables with a text primary key, each of those rows
 * went into the table's b-tree AND a separate primary-key index, and the points entry into five
 * more indexes: a one-commit capture wrote a page of each of some fifteen b-trees for its rewards.
 * Now:
 * - every table is stored in its primary key's order (ids sort by creation time, so new rows land
 *   on the last page), which drops the separate primary-key index of each;
 * - points entries: one index by account, (account_id, qualifying_at, points), serves both the
 *   account's reads (sums, lists: the id rides along in every index entry of a clustered table)
 *   and the tier qualification window sums, where two indexes served them before;
 * - lots: the expiry index holds only lots the expiry job can ever read (points left and an
 *   expiry date; 'never' is stored as 9999-12-31T23:59:59.999Z), so a program whose points never
 *   expire writes none. The job's queries name the same two conditions as literals.
 * Same columns, same constraints and foreign keys, every row copied. The lot allocations are
 * rebuilt too: they reference lots and entries, which are replaced under the same names.
 *
 * Foreign keys stay on (the migration runs in a transaction, where they cannot be turned off):
 * the old tables are renamed first (SQLite rewrites the references between them, so the old
 * group stays consistent), the new tables are filled parents first (each row's references checked
 * against the new tables), and the old ones are dropped children first, when nothing refers to
 * them any more. Indexes are made after the copy (named like the old ones, which go with their
 * tables).
 */
const OLD = '_pre32';

const TABLES: ReadonlyArray<{ name: string; create: string; columns: string }> = [
  {
    name: 'rewards_points_entries',
    create: `CREATE TABLE rewards_points_entries (
      id TEXT NOT NULL PRIMARY KEY, program_id TEXT NOT NULL, account_id TEXT NOT NULL, cardholder_id TEXT, kind TEXT NOT NULL,
      points INTEGER NOT NULL, qualifying_at TEXT, authorization_id TEXT, source_type TEXT, source_id TEXT, dedupe_key TEXT,
      reason TEXT, actor TEXT, details TEXT NOT NULL, created_at TEXT NOT NULL
    ) WITHOUT ROWID`,
    columns: 'id, program_id, account_id, cardholder_id, kind, points, qualifying_at, authorization_id, source_type, source_id, dedupe_key, reason, actor, details, created_at',
  },
  {
    name: 'rewards_lots',
    create: `CREATE TABLE rewards_lots (
      id TEXT NOT NULL PRIMARY KEY, member_id TEXT NOT NULL REFERENCES rewards_members (id),
      entry_id TEXT NOT NULL REFERENCES rewards_points_entries (id), authorization_id TEXT, points INTEGER NOT NULL,
      remaining INTEGER NOT NULL, earned_at TEXT NOT NULL, available_at TEXT NOT NULL, expires_at TEXT NOT NULL, warned_at TEXT,
      created_at TEXT NOT NULL,
      CONSTRAINT rewards_lots_remaining_range CHECK (remaining >= 0 AND remaining <= points)
    ) WITHOUT ROWID`,
    columns: 'id, member_id, entry_id, authorization_id, points, remaining, earned_at, available_at, expires_at, warned_at, created_at',
  },
  {
    name: 'rewards_lot_allocations',
    create: `CREATE TABLE rewards_lot_allocations (
      entry_id TEXT NOT NULL REFERENCES rewards_points_entries (id), lot_id TEXT NOT NULL REFERENCES rewards_lots (id),
      points INTEGER NOT NULL, created_at TEXT NOT NULL,
      CONSTRAINT rewards_lot_allocations_pk PRIMARY KEY (entry_id, lot_id)
    ) WITHOUT ROWID`,
    columns: 'entry_id, lot_id, points, created_at',
  },
  {
    name: 'rewards_earnings',
    create: `CREATE TABLE rewards_earnings (
      authorization_id TEXT NOT NULL PRIMARY KEY, program_id TEXT NOT NULL, member_id TEXT NOT NULL REFERENCES rewards_members (id),
      card_id TEXT NOT NULL, account_id TEXT NOT NULL, amount_minor INTEGER NOT NULL, amount_reversed_minor INTEGER NOT NULL,
      currency TEXT NOT NULL, points_earned INTEGER NOT NULL, points_reversed INTEGER NOT NULL, purchase_points INTEGER NOT NULL,
      cashback_minor INTEGER NOT NULL, cashback_reversed_minor INTEGER NOT NULL, merchant_id TEXT, mcc TEXT, location_id TEXT,
      breakdown TEXT NOT NULL, at TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    ) WITHOUT ROWID`,
    columns:
      'authorization_id, program_id, member_id, card_id, account_id, amount_minor, amount_reversed_minor, currency, points_earned, points_reversed, ' +
      'purchase_points, cashback_minor, cashback_reversed_minor, merchant_id, mcc, location_id, breakdown, at, created_at, updated_at',
  },
  {
    name: 'rewards_cashback_entries',
    create: `CREATE TABLE rewards_cashback_entries (
      id TEXT NOT NULL PRIMARY KEY, program_id TEXT NOT NULL, member_id TEXT NOT NULL REFERENCES rewards_members (id),
      card_id TEXT, account_id TEXT, kind TEXT NOT NULL, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,
      authorization_id TEXT, source_id TEXT, reason TEXT, created_at TEXT NOT NULL
    ) WITHOUT ROWID`,
    columns: 'id, program_id, member_id, card_id, account_id, kind, amount_minor, currency, authorization_id, source_id, reason, created_at',
  },
];

const INDEXES: readonly string[] = [
  'CREATE INDEX rewards_points_entries_account ON rewards_points_entries (account_id, qualifying_at, points)',
  'CREATE UNIQUE INDEX rewards_points_entries_dedupe ON rewards_points_entries (account_id, dedupe_key) WHERE dedupe_key IS NOT NULL',
  'CREATE INDEX rewards_points_entries_program_kind ON rewards_points_entries (program_id, kind, created_at, points, account_id)',
  'CREATE INDEX rewards_points_entries_authorization ON rewards_points_entries (authorization_id, kind, points) WHERE authorization_id IS NOT NULL',
  'CREATE INDEX rewards_lots_member ON rewards_lots (member_id, expires_at)',
  "CREATE INDEX rewards_lots_expiry ON rewards_lots (expires_at) WHERE remaining > 0 AND expires_at < '9999-12-31T23:59:59.999Z'",
  'CREATE INDEX rewards_lot_allocations_lot ON rewards_lot_allocations (lot_id)',
  'CREATE INDEX rewards_earnings_member ON rewards_earnings (member_id, at, amount_minor, amount_reversed_minor, purchase_points)',
  'CREATE INDEX rewards_cashback_entries_member ON rewards_cashback_entries (member_id, id)',
  'CREATE INDEX rewards_cashback_entries_program_kind ON rewards_cashback_entries (program_id, kind, created_at, amount_minor)',
];

export async function up(db: Kysely<any>): Promise<void> {
  // SQLite rewrites the references of the other tables to each renamed one: the old group keeps
  // pointing at itself.
  for (const table of [...TABLES].reverse()) await sql.raw(`ALTER TABLE ${table.name} RENAME TO ${table.name}${OLD}`).execute(db);
  // Parents first: every copied row's references are checked against the new tables.
  for (const table of TABLES) {
    await sql.raw(table.create).execute(db);
    await sql.raw(`INSERT INTO ${table.name} (${table.columns}) SELECT ${table.columns} FROM ${table.name}${OLD}`).execute(db);
  }
  // Children first: nothing refers to an old table when it goes (its indexes go with it).
  for (const table of [...TABLES].reverse()) await sql.raw(`DROP TABLE ${table.name}${OLD}`).execute(db);
  for (const index of INDEXES) await sql.raw(index).execute(db);
}
