import type { CardRiskState, RiskFacts } from './risk-facts.js';

/** The part of a card's risk facts that does not depend on the authorization being scored. */
export type CardProfile = Pick<
  RiskFacts,
  | 'cardId' | 'cardStatus' | 'fingerprint' | 'cardCreatedAt' | 'activatedAt' | 'replacementFor' | 'programId' | 'cardholderId'
  | 'timezone' | 'programCurrency' | 'email' | 'phone' | 'policyJson' | 'allow'
>;

export type Branch = RiskFacts['branch'];

/** What every card of a program shares in its facts. */
export type ProgramFacts = Pick<RiskFacts, 'timezone' | 'programCurrency' | 'policyJson'>;

/**
 * What scoring has read and recording has written, kept for an authorization session (and, in
 * the authorization queue, from one commit to the next while nothing else writes: see
 * AuthorizationSession). Every write of the risk engine during the session goes through it, so
 * it stays what the database holds. Saves the per-decision facts query, the largest read of a
 * decision. A card's state is kept as the live object recording changes in place (its ring keeps
 * its window sums from one decision to the next).
 */
type SeenKind = 'country' | 'merchant';
/** What a block list can name that the facts query's quick check asks about. */
export type BlockKind = 'card' | 'merchant' | 'mcc' | 'country';

export class RiskMemo {
  readonly profiles = new Map<string, CardProfile>();
  readonly states = new Map<string, CardRiskState>();
  /** Per card and kind: value -> seen before (maps per kind, so a lookup builds no key string). */
  readonly seen = new Map<string, { country: Map<string, boolean>; merchant: Map<string, boolean> }>();
  readonly branches = new Map<string, Branch>();
  /** Per program id, from the first whole facts read of one of its cards (then a card's first read need not join them). */
  readonly programs = new Map<string, ProgramFacts>();
  /** Whether any block-list entry is in force at all (undefined: not asked yet). */
  anyBlockList: boolean | undefined;
  /** Whether e-mail domain or phone entries are in force (then every decision reads the matches). */
  personLists: boolean | undefined;
  /** Per kind: value -> on an active block list. */
  readonly blockKeys: Record<BlockKind, Map<string, boolean>> = { card: new Map(), merchant: new Map(), mcc: new Map(), country: new Map() };

  seenBefore(cardId: string, kind: SeenKind, value: string): boolean | undefined {
    return this.seen.get(cardId)?.[kind].get(value);
  }

  markSeen(cardId: string, kind: SeenKind, value: string, seen: boolean): void {
    let card = this.seen.get(cardId);
    if (!card) this.seen.set(cardId, (card = { country: new Map(), merchant: new Map() }));
    card[kind].set(value, seen);
  }

  /** Another card's places were copied to this one: what was remembered as unseen may be seen. */
  forgetSeen(cardId: string): void {
    this.seen.delete(cardId);
  }

  /** What is remembered of a card may no longer be what the database holds (a failed write): read it again. */
  forgetCard(cardId: string): void {
    this.profiles.delete(cardId);
    this.states.delete(cardId);
    this.seen.delete(cardId);
  }

  /** `profile`: the one the facts were made from, when the caller has it (saves building another). */
  remember(facts: RiskFacts, profile?: CardProfile): void {
    const { state, country, merchantKey, countrySeen, merchantSeen } = facts;
    // Built field by field: every profile gets the same shape, which keeps reading it fast.
    this.profiles.set(facts.cardId, profile ?? {
      cardId: facts.cardId,
      cardStatus: facts.cardStatus,
      fingerprint: facts.fingerprint,
      cardCreatedAt: facts.cardCreatedAt,
      activatedAt: facts.activatedAt,
      replacementFor: facts.replacementFor,
      programId: facts.programId,
      cardholderId: facts.cardholderId,
      timezone: facts.timezone,
      programCurrency: facts.programCurrency,
      email: facts.email,
      phone: facts.phone,
      policyJson: facts.policyJson,
      allow: facts.allow,
    });
    this.states.set(facts.cardId, state);
    if (!this.programs.has(facts.programId)) {
      this.programs.set(facts.programId, { timezone: facts.timezone, programCurrency: facts.programCurrency, policyJson: facts.policyJson });
    }
    if (country) this.markSeen(facts.cardId, 'country', country, countrySeen);
    if (merchantKey) this.markSeen(facts.cardId, 'merchant', merchantKey, merchantSeen);
  }
}

export function memoOf(ctx: { memo?: unknown }): RiskMemo | undefined {
  return ctx.memo instanceof RiskMemo ? ctx.memo : undefined;
}
