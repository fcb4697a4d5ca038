import BetterSqlite3 from 'better-sqlite3';
import type { Random } from '../../kernel/random.js';
import {
  NetworkRejectedError,
  NetworkUnavailableError,
  type CardNetwork,
  type NetworkAdvice,
  type NetworkClearingFile,
  type NetworkAdviceResult,
  type NetworkCardMessage,
} from '../adapter.js';
import { networkView, type NetworkCardView } from './network-view.js';
import { generateSettlementFile, type SeenAuthorization } from './settlement-generator.js';

export interface SandboxNetworkConditions {
  /** The network does not answer at all. */
  outage: boolean;
  /** Share of messages (0..1) that time out even without an outage. */
  failureRate: number;
  latencyMs: number;
}

export interface SandboxNetworkCard {
  card_id: string;
  status: string;
  first6: string | null;
  last4: string | null;
  updated_at: string;
}

/**
 * The simulated card network. It stands for an external system, so it keeps its own state in its
 * own file (not in Kartu's databases): its view of the cards, and every message it applied, keyed
 * by idempotency key so a message delivered twice is applied once. Conditions (outage, failures,
 * latency) are set on demand; randomness comes from a seed.
 */
export class SandboxNetwork implements CardNetwork {
  readonly name = 'sandbox';
  private conditions: SandboxNetworkConditions = { outage: false, failureRate: 0, latencyMs: 0 };
  private readonly db: BetterSqlite3.Database;

  constructor(
    path: string,
    private readonly random: Random,
  ) {
    this.db = new BetterSqlite3(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS network_cards (card_id TEXT PRIMARY KEY, status TEXT NOT NULL, first6 TEXT, last4 TEXT, updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS applied_messages (idempotency_key TEXT PRIMARY KEY, card_id TEXT NOT NULL, kind TEXT NOT NULL, applied_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS network_card_flags (card_id TEXT PRIMARY KEY, cancellation_reason TEXT, blocked_reason TEXT, blocked_at TEXT);
      CREATE TABLE IF NOT EXISTS network_authorizations (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, authorization_id TEXT NOT NULL,
        card_id TEXT NOT NULL, card_last4 TEXT, approved INTEGER NOT NULL, response_code TEXT NOT NULL, amount INTEGER NOT NULL,
        currency TEXT NOT NULL, merchant_id TEXT, decided_at TEXT NOT NULL, network_reference TEXT NOT NULL, rrn TEXT NOT NULL,
        network_approved INTEGER NOT NULL, network_response_code TEXT NOT NULL, reason TEXT, received_at TEXT NOT NULL);
    `);
  }

  setConditions(patch: Partial<SandboxNetworkConditions>): SandboxNetworkConditions {
    this.conditions = { ...this.conditions, ...patch };
    return { ...this.conditions };
  }

  getConditions(): SandboxNetworkConditions {
    return { ...this.conditions };
  }

  async send(message: NetworkCardMessage): Promise<{ duplicate: boolean }> {
    await this.wait();
    if (this.conditions.outage) throw new NetworkUnavailableError('The sandbox network is in a simulated outage');
    if (this.conditions.failureRate > 0 && this.random.int(1_000_000) < this.conditions.failureRate * 1_000_000) {
      throw new NetworkUnavailableError('The sandbox network timed out (simulated)');
    }
    const apply = this.db.transaction((): { duplicate: boolean } => {
      const seen = this.db.prepare('SELECT 1 FROM applied_messages WHERE idempotency_key = ?').get(message.idempotencyKey);
      if (seen) return { duplicate: true };
      const known = this.db.prepare('SELECT card_id FROM network_cards WHERE card_id = ?').get(message.cardId);
      const at = new Date().toISOString();
      if (message.kind === 'card.provision') {
        const p = message.payload as { status?: string; first6?: string; last4?: string };
        this.db
          .prepare('INSERT OR REPLACE INTO network_cards (card_id, status, first6, last4, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(message.cardId, p.status ?? 'inactive', p.first6 ?? null, p.last4 ?? null, at);
      } else {
        if (!known) throw new NetworkRejectedError('card_unknown', `The network has no card ${message.cardId}`);
        if (message.kind === 'card.status') {
          this.db.prepare('UPDATE network_cards SET status = ?, updated_at = ? WHERE card_id = ?').run(String(message.payload.status), at, message.cardId);
          const reason = typeof message.payload.cancellation_reason === 'string' ? message.payload.cancellation_reason : null;
          this.db
            .prepare('INSERT INTO network_card_flags (card_id, cancellation_reason) VALUES (?, ?) ON CONFLICT(card_id) DO UPDATE SET cancellation_reason = excluded.cancellation_reason')
            .run(message.cardId, reason);
        } else {
          this.db.prepare('UPDATE network_cards SET updated_at = ? WHERE card_id = ?').run(at, message.cardId);
        }
      }
      this.db.prepare('INSERT INTO applied_messages (idempotency_key, card_id, kind, applied_at) VALUES (?, ?, ?, ?)').run(message.idempotencyKey, message.cardId, message.kind, at);
      return { duplicate: false };
    });
    return apply();
  }

  /**
   * Receives an advice: records the authorization (the settlement file is made from these) and
   * answers what the network itself would have decided from its view of the card. It knows nothing
   * of balances or the merchant's rules, so it disagrees only on the card: unknown to it, or blocked.
   */
  async advice(message: NetworkAdvice): Promise<NetworkAdviceResult> {
    await this.wait();
    if (this.conditions.outage) throw new NetworkUnavailableError('The sandbox network is in a simulated outage');
    if (this.conditions.failureRate > 0 && this.random.int(1_000_000) < this.conditions.failureRate * 1_000_000) {
      throw new NetworkUnavailableError('The sandbox network timed out (simulated)');
    }
    const apply = this.db.transaction((): NetworkAdviceResult => {
      const seen = this.db.prepare('SELECT * FROM network_authorizations WHERE idempotency_key = ?').get(message.idempotencyKey) as NetworkAuthorizationRow | undefined;
      if (seen) return { ...resultOf(seen), duplicate: true };
      const view = networkView(this.cardView(message.cardId), message.approved, message.responseCode);
      const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM network_authorizations').get() as { n: number }).n;
      const reference = `SBX${String(seq).padStart(9, '0')}`;
      // RRN as networks derive it: last digit of the year, day of year, then a sequence (12 characters).
      const decided = new Date(message.decidedAt);
      const dayOfYear = Math.floor((decided.getTime() - Date.UTC(decided.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
      const rrn = `${decided.getUTCFullYear() % 10}${String(dayOfYear).padStart(3, '0')}${String(seq % 100_000_000).padStart(8, '0')}`;
      this.db
        .prepare(
          `INSERT INTO network_authorizations (idempotency_key, kind, authorization_id, card_id, card_last4, approved, response_code, amount, currency,
             merchant_id, decided_at, network_reference, rrn, network_approved, network_response_code, reason, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          message.idempotencyKey, message.kind, message.authorizationId, message.cardId, message.cardLast4, message.approved ? 1 : 0, message.responseCode,
          message.amount, message.currency, message.merchant.id, message.decidedAt, reference, rrn, view.approved ? 1 : 0, view.responseCode, view.reason,
          new Date().toISOString(),
        );
      return { duplicate: false, networkReference: reference, rrn, networkApproved: view.approved, networkResponseCode: view.responseCode, reason: view.reason };
    });
    return apply();
  }

  /** The network's own block (its fraud team, a scheme-wide block list): Kartu learns of it only through advices. */
  blockCard(cardId: string, reason: 'lost' | 'stolen' | 'fraud' | 'other'): void {
    this.db
      .prepare('INSERT INTO network_card_flags (card_id, blocked_reason, blocked_at) VALUES (?, ?, ?) ON CONFLICT(card_id) DO UPDATE SET blocked_reason = excluded.blocked_reason, blocked_at = excluded.blocked_at')
      .run(cardId, reason, new Date().toISOString());
  }

  unblockCard(cardId: string): void {
    this.db.prepare('UPDATE network_card_flags SET blocked_reason = NULL, blocked_at = NULL WHERE card_id = ?').run(cardId);
  }

  /** Every authorization the network saw (advices and reported counter authorizations), in arrival order. */
  authorizations(): NetworkAuthorizationRow[] {
    return this.db.prepare('SELECT * FROM network_authorizations ORDER BY seq').all() as NetworkAuthorizationRow[];
  }

  private cardView(cardId: string): NetworkCardView | undefined {
    const card = this.card(cardId);
    if (!card) return undefined;
    const flags = this.db.prepare('SELECT cancellation_reason, blocked_reason FROM network_card_flags WHERE card_id = ?').get(cardId) as
      | { cancellation_reason: string | null; blocked_reason: string | null }
      | undefined;
    return { status: card.status, cancellationReason: flags?.cancellation_reason ?? null, blockedReason: flags?.blocked_reason ?? null };
  }

  /**
   * The day's clearing file of what this network saw approved: counter purchases reported to it
   * and stand-in advices it accepted. A purchase it never saw (an API test helper's) is not in it;
   * `test-helper-settlement-file` makes a file that also covers those.
   */
  async clearingFile(date: string): Promise<NetworkClearingFile> {
    await this.wait();
    if (this.conditions.outage) throw new NetworkUnavailableError();
    const file = generateSettlementFile(this.approvedAuthorizations(), { date });
    return { format: 'sandbox', content: JSON.stringify(file) };
  }

  /** What the network would clear: every authorization it saw and would itself have approved. */
  approvedAuthorizations(): SeenAuthorization[] {
    return this.authorizations()
      .filter((a) => a.approved === 1)
      .map((a) => ({ reference: a.network_reference, authorizationId: a.authorization_id, rrn: a.rrn, cardLast4: a.card_last4, amount: a.amount, currency: a.currency, merchantId: a.merchant_id, decidedAt: a.decided_at }));
  }

  async echo(): Promise<boolean> {
    await this.wait();
    return !this.conditions.outage;
  }

  card(cardId: string): SandboxNetworkCard | undefined {
    return this.db.prepare('SELECT * FROM network_cards WHERE card_id = ?').get(cardId) as SandboxNetworkCard | undefined;
  }

  appliedMessages(cardId?: string): Array<{ idempotency_key: string; card_id: string; kind: string }> {
    const sql = 'SELECT idempotency_key, card_id, kind FROM applied_messages' + (cardId ? ' WHERE card_id = ? ORDER BY rowid' : ' ORDER BY rowid');
    return (cardId ? this.db.prepare(sql).all(cardId) : this.db.prepare(sql).all()) as Array<{ idempotency_key: string; card_id: string; kind: string }>;
  }

  close(): void {
    this.db.close();
  }

  private async wait(): Promise<void> {
    if (this.conditions.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.conditions.latencyMs));
  }
}

export interface NetworkAuthorizationRow {
  seq: number;
  idempotency_key: string;
  kind: string;
  authorization_id: string;
  card_id: string;
  card_last4: string | null;
  approved: number;
  response_code: string;
  amount: number;
  currency: string;
  merchant_id: string | null;
  decided_at: string;
  network_reference: string;
  rrn: string;
  network_approved: number;
  network_response_code: string;
  reason: string | null;
  received_at: string;
}

function resultOf(row: NetworkAuthorizationRow): NetworkAdviceResult {
  return {
    duplicate: false,
    networkReference: row.network_reference,
    rrn: row.rrn,
    networkApproved: row.network_approved === 1,
    networkResponseCode: row.network_response_code,
    reason: row.reason,
  };
}
