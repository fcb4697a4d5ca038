import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { currencySchema } from '../programs/program-schema.js';
import { accountView } from './accounts.js';
import { checkLedger } from './ledger-check.js';
import { cardBalance, fundCompany, topUp, withdraw } from './funding-movements.js';
import { CLIENT_ID_MAX } from './idempotency.js';

const id = z.string().min(1).max(64);
const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const clientId = z.string().min(1).max(CLIENT_ID_MAX).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const write = { scope: 'transactions:write', role: 'cashier' } as const;
const read = { scope: 'transactions:read', role: 'cashier' } as const;

export const topUpCreate = command({
  input: z.strictObject({ card: id, amount, client_id: clientId.optional() }),
  permission: write,
  audit: true,
  handler: (ctx, input) => topUp(ctx, input),
  // A funding movement and the card's balance: nothing else an authorization session remembers.
  changesCards: () => [],
});

export const withdrawalCreate = command({
  input: z.strictObject({ card: id, amount, client_id: clientId.optional() }),
  permission: { scope: 'transactions:write', role: 'manager' },
  audit: true,
  handler: (ctx, input) => withdraw(ctx, input),
  // A funding movement and the card's balance: nothing else an authorization session remembers.
  changesCards: () => [],
});

export const companyFundingCreate = command({
  input: z.strictObject({ company: id, amount, currency: currencySchema, client_id: clientId.optional() }),
  permission: { scope: 'transactions:write', role: 'manager' },
  audit: true,
  handler: (ctx, input) => fundCompany(ctx, input),
});

export const topUpList = query({
  input: z.strictObject({ ...listParams, card: id.optional(), type: z.enum(['top_up', 'credit_payment', 'withdrawal', 'company_funding']).optional() }),
  permission: read,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('funding_movements').selectAll();
    if (input.card) q = q.where('card_id', '=', input.card);
    if (input.type) q = q.where('type', '=', input.type);
    return pageById(q, 'id', input, (row) => ({
      id: row.id,
      object: row.type === 'withdrawal' ? ('withdrawal' as const) : row.type === 'company_funding' ? ('company_funding' as const) : ('top_up' as const),
      type: row.type,
      card: row.card_id,
      company: row.company_id,
      amount: row.amount,
      currency: row.currency,
      client_id: row.client_id,
      ledger_transfer: row.transfer_id,
      created: Math.floor(Date.parse(row.created_at) / 1000),
    }));
  },
});

export const balanceGet = query({
  input: z.strictObject({ card: id }),
  permission: { scope: 'cards:read', role: 'cashier' },
  async handler(ctx, input) {
    return { object: 'balance' as const, ...(await cardBalance(ctx, input.card)), livemode: ctx.mode === 'live' };
  },
});

/** Re-derives every balance from the transfers: the ledger's self-test, also for support. */
export const ledgerCheck = query({
  input: z.strictObject({}),
  permission: { scope: 'reports:read', role: 'manager' },
  // One read transaction: every sum comes from the same snapshot, even while another process
  // (the app, when the check runs from the command line) keeps writing.
  handler: (ctx) => (ctx.db.isTransaction ? checkLedger(ctx.db) : ctx.db.transaction().execute((trx) => checkLedger(trx))),
});

export const ledgerAccountList = query({
  input: z.strictObject({ ...listParams, code: z.string().max(40).optional(), owner: id.optional() }),
  permission: { scope: 'reports:read', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('ledger_accounts').selectAll();
    if (input.code) q = q.where('code', '=', input.code);
    if (input.owner) q = q.where('owner_id', '=', input.owner);
    return pageById(q, 'id', input, accountView);
  },
});

export const ledgerTransferList = query({
  input: z.strictObject({ ...listParams, account: z.string().max(120).optional(), authorization: id.optional() }),
  permission: { scope: 'reports:read', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('ledger_transfers').selectAll();
    if (input.account) {
      const account = input.account;
      q = q.where((eb) => eb.or([eb('debit_account_id', '=', account), eb('credit_account_id', '=', account)]));
    }
    if (input.authorization) q = q.where('authorization_id', '=', input.authorization);
    return pageById(q, 'id', input, (row) => ({
      id: row.id,
      object: 'ledger_transfer' as const,
      kind: row.kind,
      code: row.code,
      debit_account: row.debit_account_id,
      credit_account: row.credit_account_id,
      amount: row.amount,
      currency: row.currency,
      pending_id: row.pending_id,
      authorization: row.authorization_id,
      reference: row.reference_id,
      created: Math.floor(Date.parse(row.created_at) / 1000),
    }));
  },
});

export const ledgerHandlers = {
  'top-up-create': topUpCreate,
  'top-up-list': topUpList,
  'withdrawal-create': withdrawalCreate,
  'company-funding-create': companyFundingCreate,
  'balance-get': balanceGet,
  'ledger-check': ledgerCheck,
  'ledger-account-list': ledgerAccountList,
  'ledger-transfer-list': ledgerTransferList,
};
