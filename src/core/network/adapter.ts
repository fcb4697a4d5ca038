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

export interface CardNetwork {
  readonly name: string;
  /** Applies a card change; throws NetworkUnavailableError (retry later) or NetworkRejectedError (final). */
  send(message: NetworkCardMessage): Promise<{ duplicate: boolean }>;
  /** Network management (echo / sign-on): true when the network answers. */
  echo(): Promise<boolean>;
}
