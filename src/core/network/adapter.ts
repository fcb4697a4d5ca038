/**
 * What the issuer and the card network say to each other. The sandbox network implements it in
 * process; a real network's adapter would implement the same over its own link. Every call
 * carries an idempotency key: the network applies a message once however often it arrives.
 */
export interface NetworkCardMessage {
  idempotencyKey: string;
  cardId: string;
  kind: 'card.provision' | 'card.status' | 'card.controls' | 'card.shipping';
  /** Never a full card number: the network identifies the card by id, BIN and last 4. */
  payload: Record<string, unknown>;
}

export class NetworkUnavailableError extends Error {
  constructor(message = 'The card network is unreachable') {
    super(message);
    this.name = 'NetworkUnavailableError';
  }
}

export class NetworkRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkRejectedError';
  }
}

/**
 * An authorization the network learns after Kartu decided it: a stand-in decision taken while the
 * network was unreachable (ISO 8583 0120-style advice), or a counter authorization reported for the
 * record. The network answers with what it would have decided from its own view of the card.
 */
export interface NetworkAdvice {
  idempotencyKey: string;
  /** 'stand_in': decided offline by Kartu; 'authorization': decided online and reported. */
  kind: 'stand_in' | 'authorization';
  authorizationId: string;
  cardId: string;
  /** Never a full card number. */
  cardLast4: string | null;
  approved: boolean;
  responseCode: string;
  amount: number;
  currency: string;
  merchant: { id: string | null; name: string; mcc: string; country: string };
  decidedAt: string;
}

export interface NetworkAdviceResult {
  /** True when the network had already received this advice (same idempotency key): the first answer again. */
  duplicate: boolean;
  /** The network's own reference for the authorization, and the retrieval reference number it assigned. */
  networkReference: string;
  rrn: string;
  /** What the network would have decided (e.g. '05' for a card it knows is blocked). */
  networkApproved: boolean;
  networkResponseCode: string;
  reason: string | null;
}

/** A clearing (settlement) file as the network hands it over: read by the same reader as an imported file. */
export interface NetworkClearingFile {
  format: 'sandbox' | 'csv';
  content: string;
}

export interface CardNetwork {
  readonly name: string;
  /** Applies a card change; throws NetworkUnavailableError (retry later) or NetworkRejectedError (final). */
  send(message: NetworkCardMessage): Promise<{ duplicate: boolean }>;
  /** Reports a decision after the fact; throws NetworkUnavailableError (retry later) or NetworkRejectedError (final). */
  advice(message: NetworkAdvice): Promise<NetworkAdviceResult>;
  /** Network management (echo / sign-on): true when the network answers. */
  echo(): Promise<boolean>;
  /**
   * Receives the network's clearing (settlement) records for a day (YYYY-MM-DD, UTC): what it saw
   * approved that day and asks the issuer to settle. Throws NetworkUnavailableError (try later).
   */
  clearingFile(date: string): Promise<NetworkClearingFile>;
}
