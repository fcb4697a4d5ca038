import type { z } from 'zod';
import type { Ctx } from '../bus/context.js';
import type { CardholderRow, CardRow } from '../db/schema.js';
import { invalid, KartuError, notFound } from '../kernel/errors.js';
import { normalizeControls } from '../controls/spending-controls.js';
import type { Program } from '../programs/program.js';
import { assertDesignOfProgram } from '../programs/design-handlers.js';
import { LedgerBatch } from '../ledger/ledger-batch.js';
import { balanceFrom, companyOf, fundingModel, openFunds, type CardFunding } from '../ledger/funding.js';
import { postIssuanceFee, type FeeCharge } from '../fees/fee-charges.js';
import { cardFromRow, cardSummary, type Card } from './card.js';
import type { cardCreateSchema } from './card-schema.js';
import { cardholderRowById, openCardsOf } from './card-statements.js';
import { cardholderRowsByIds, openCardsOfMany } from './bulk-statements.js';
import { cardWithBalance } from './card-view.js';
import { defaultExpiry } from './expiry.js';
import { runIssuanceChecks } from './issuance-checks.js';
import { issuingProgram } from './issuing-program.js';
import { insertCard } from './card-writer.js';
import { numberSource } from './number-pool.js';
import { tellNetwork } from './card-network.js';

/** One card to issue: card-create's input without the program (bulk issuance names it once). */
export type IssueRequest = Omit<z.output<typeof cardCreateSchema>, 'program'>;

/** What funds a card just written, from the program and cardholder in hand (loadCardFunding without the read). */
function fundingOf(row: CardRow, program: Program, cardholder: CardholderRow): CardFunding {
  return {
    card_id: row.id,
    account_id: row.account_id,
    kind: program.kind,
    currency: program.currency,
    caps: program.caps,
    fees: program.fees,
    company_id: companyOf(program.kind, cardholder.type, cardholder.id, cardholder.company_id),
  };
}

/**
 * The view of a card just issued, from the row this command wrote and the program and cardholder
 * it already read: the same as loadCard (card-handlers.test.ts compares them), without reading the
 * card back through the join. A card funded by its own account (every kind but corporate) has just
 * opened that account under a new id, so its balance is known without reading it: the credit line
 * granted on opening (credit), less the issuance fee collected. A corporate card shows its
 * company's account, which other cards move: that one is read.
 */
async function issuedCard(ctx: Ctx, row: CardRow, program: Program, cardholder: CardholderRow, funding: CardFunding, fee: FeeCharge | null): Promise<Card> {
  const withNames = { ...row, cardholder_name: cardholder.name, currency: program.currency, program_kind: program.kind };
  if (fundingModel(funding.kind) === 'company') return cardWithBalance(ctx, withNames, funding);
  const card = cardFromRow(withNames, ctx.mode === 'live');
  const opened = balanceFrom(funding, undefined);
  card.balance = { ...opened, available: opened.available - (fee?.collected_amount ?? 0) };
  return card;
}

/** The cardholders of the requests (one read for a bulk, the prepared one for a single card). */
async function cardholdersOf(ctx: Ctx, requests: readonly IssueRequest[]): Promise<Map<string, CardholderRow>> {
  const ids = [...new Set(requests.map((r) => r.cardholder))];
  const rows = ids.length === 1 ? await cardholderRowById.execute(ctx.db, ids[0]!) : await cardholderRowsByIds(ctx.db, ids);
  return new Map(rows.map((row) => [row.id, row]));
}

/** Cards each cardholder holds that are not canceled (the network caps them), kept current as cards are issued. */
async function openCardCounts(ctx: Ctx, holders: readonly string[]): Promise<Map<string, number>> {
  if (holders.length === 1) {
    const [open] = await openCardsOf.execute(ctx.db, holders[0]!);
    return new Map([[holders[0]!, Number(open?.n ?? 0)]]);
  }
  const counts = new Map(holders.map((id) => [id, 0]));
  for (const row of await openCardsOfMany(ctx.db, holders)) counts.set(row.cardholder_id, Number(row.n));
  return counts;
}

/** Errors of one card of a bulk name it: `cards.3.cardholder`; the program's own stay `program`. */
function locate(error: unknown, at: ((param: string | undefined) => string) | null): unknown {
  if (!at || !(error instanceof KartuError) || error.param === 'program') return error;
  return new KartuError({ ...error.toBody(), param: at(error.param) });
}

interface Issued {
  row: CardRow;
  cardholder: CardholderRow;
  funding: CardFunding;
  /** Built at once when a fee was charged (a corporate card shows its company's account as it was then). */
  card: Card | null;
}

/**
 * Issues cards of one program: card-create (one request) and card-create-bulk (many) run this same
 * code, so a card comes out the same either way. For every card, in order: the cardholder, the
 * request's own checks and the issuance checks (the first failure refuses the whole command, and
 * nothing is written), a fresh number, the card row, its funds account and issuance fee; then the
 * network outbox message and the `card.created` event of each card.
 *
 * What a bulk shares: one read of the program, of the cardholders and of their open-card counts
 * (kept current here, so the network's cap counts the cards issued earlier in the same bulk), one
 * uniqueness read for a pool of numbers, and, for fee-free programs, one ledger write for all the
 * funds accounts (with a fee, postIssuanceFee charges each card as card-create does).
 */
export async function issueCards(ctx: Ctx, programId: string, requests: readonly IssueRequest[], at: ((index: number, param: string | undefined) => string) | null): Promise<Card[]> {
  const program = await issuingProgram(ctx, programId);
  const holders = await cardholdersOf(ctx, requests);
  const openCards = await openCardCounts(ctx, [...holders.keys()]);
  const numbers = numberSource(ctx, program, requests.length);
  const designs = new Set<string>();
  const charged = (program.fees.issuance ?? 0) > 0;
  const ledger = charged ? null : new LedgerBatch(ctx.db, ctx.ids, ctx.clock);
  const now = ctx.clock.now();
  // Every card of the command that names no expiry gets the same one: worked out once.
  const fallbackExpiry = defaultExpiry(now, program.timezone, program.default_expiry_years);
  const issued: Issued[] = [];
  for (let i = 0; i < requests.length; i++) {
    const input = requests[i]!;
    try {
      const cardholder = holders.get(input.cardholder);
      if (!cardholder) throw notFound('cardholder', input.cardholder, 'cardholder');
      if (input.currency !== undefined && input.currency !== program.currency) {
        throw invalid('currency_mismatch', `This program's cards are in ${program.currency}.`, 'currency');
      }
      if (input.design && !designs.has(input.design)) {
        await assertDesignOfProgram(ctx.db, input.design, program.id, 'design');
        designs.add(input.design);
      }
      if ((input.exp_month === undefined) !== (input.exp_year === undefined)) {
        throw invalid('parameter_missing', 'Give both exp_month and exp_year, or neither.', input.exp_month === undefined ? 'exp_month' : 'exp_year');
      }
      const requested = input.exp_month !== undefined && input.exp_year !== undefined ? { month: input.exp_month, year: input.exp_year } : null;
      const expiry = requested ?? fallbackExpiry;
      const controls = normalizeControls(input.spending_controls, program.default_spending_controls);
      const open = openCards.get(cardholder.id) ?? 0;
      runIssuanceChecks({ program, cardholder, type: input.type, controls, expiry, expiryRequested: requested !== null, now, openCards: open });
      const row = await insertCard(ctx, {
        program,
        cardholderId: cardholder.id,
        type: input.type,
        designId: input.design ?? null,
        controls,
        expiry,
        accountId: ctx.ids.next('acct'),
        shipping: input.shipping ?? null,
        metadata: input.metadata ?? {},
        ...(input.status ? { status: input.status } : {}),
        number: await numbers.next(),
      });
      openCards.set(cardholder.id, open + 1);
      // The issuance fee (and a credit card's line) in the same write as the card.
      const funding = fundingOf(row, program, cardholder);
      if (ledger) {
        await openFunds(ledger, funding);
        issued.push({ row, cardholder, funding, card: null });
      } else {
        const fee = await postIssuanceFee(ctx, funding);
        issued.push({ row, cardholder, funding, card: await issuedCard(ctx, row, program, cardholder, funding, fee) });
      }
    } catch (error) {
      throw locate(error, at && ((param) => at(i, param)));
    }
  }
  // Fee-free: opening the funds is the whole of postIssuanceFee, staged for all cards and written once.
  if (ledger) await ledger.flush();
  const cards: Card[] = [];
  for (const { row, cardholder, funding, card: built } of issued) {
    const card = built ?? (await issuedCard(ctx, row, program, cardholder, funding, null));
    await tellNetwork(ctx, card, 'card.provision', row.first6);
    await ctx.emit('card.created', card.id, cardSummary(card));
    cards.push(card);
  }
  return cards;
}
