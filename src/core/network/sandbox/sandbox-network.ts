import BetterSqlite3 from 'better-sqlite3';
import type { Random } from '../../kernel/random.js';
import { NetworkRejectedError, NetworkUnavailableError, type CardNetwork, type NetworkCardMessage } from '../adapter.js';

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
        } else {
          this.db.prepare('UPDATE network_cards SET updated_at = ? WHERE card_id = ?').run(at, message.cardId);
        }
      }
      this.db.prepare('INSERT INTO applied_messages (idempotency_key, card_id, kind, applied_at) VALUES (?, ?, ?, ?)').run(message.idempotencyKey, message.cardId, message.kind, at);
      return { duplicate: false };
    });
    return apply();
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
