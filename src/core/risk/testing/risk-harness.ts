import type { Engine } from '../../engine.js';
import { OWNER, testEngine, type TestEngine } from '../../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../../testing/fixtures.js';
import { insertEvent } from '../../events/event-store.js';
import type { RiskWriteCtx, RiskAssessment, RiskMerchant } from '../risk-types.js';
import { scoreAuthorization } from '../score.js';
import { recordAuthorizationOutcome } from '../record-outcome.js';

export const JAKARTA_BRANCH: RiskMerchant = { id: 'KN-JKT-SDR01', name: 'Kopi Nusantara Sudirman', mcc: '5814', country: 'ID', city: 'Jakarta' };
export const BANDUNG_BRANCH: RiskMerchant = { id: 'KN-BDG-BRG03', name: 'Kopi Nusantara Braga', mcc: '5814', country: 'ID', city: 'Bandung' };

/** Merchants of every kind a risk test walks: both branches, another branch, abroad, no id, and one a block list names. */
export const RISK_TEST_MERCHANTS: readonly RiskMerchant[] = [
  JAKARTA_BRANCH,
  BANDUNG_BRANCH,
  { id: 'KN-JKT-KMG02', name: 'Kopi Nusantara Kemang', mcc: '5814', country: 'ID', city: 'Jakarta' },
  { id: 'SG-CAFE-1', name: 'Orchard Cafe', mcc: '5814', country: 'SG', city: 'Singapore' },
  { name: 'Warung Sembilan', mcc: '5411', country: 'ID', city: 'Surabaya' },
  { id: 'BAD-7', name: 'Listed Shop', mcc: '5999', country: 'ID', city: 'Jakarta' },
];

/** A test engine at 10:00 in Jakarta (03:00Z, daytime) with one virtual loyalty card. */
export async function engineWithOneCard(): Promise<{ engine: TestEngine; card: string }> {
  const engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  const program = await loyaltyProgram(engine);
  const holder = await basicCardholder(engine);
  const card = (await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER)).id;
  return { engine, card };
}

export interface Attempt {
  amount: number;
  merchant?: RiskMerchant;
  at?: Date;
  currency?: string;
  /** Whether the (imagined) authorization engine approved it; default: approved unless risk declined. */
  approved?: boolean;
  responseCode?: string;
}

let authSeq = 0;

/**
 * Stands in for the authorization engine in risk tests and the bench: in one transaction, scores an
 * attempt, decides (approved unless told otherwise or risk declined) and records the outcome.
 */
export async function attempt(engine: Engine, cardId: string, a: Attempt): Promise<{ assessment: RiskAssessment; alertId: string | null; authorizationId: string }> {
  const { ids, clock } = engine.services;
  return engine.services.db.transaction().execute(async (trx) => {
    const ctx: RiskWriteCtx = { db: trx, ids, clock, emit: async (type, objectId, data) => void (await insertEvent(trx, ids, clock, type, objectId, data)) };
    const input = { cardId, amountMinor: a.amount, currency: a.currency ?? 'IDR', merchant: a.merchant ?? JAKARTA_BRANCH, at: a.at ?? clock.now() };
    const assessment = await scoreAuthorization(ctx, input);
    const riskDeclined = assessment.action === 'decline';
    const approved = a.approved ?? !riskDeclined;
    const authorizationId = `auth_test${String(++authSeq).padStart(8, '0')}`;
    const { alertId } = await recordAuthorizationOutcome(ctx, {
      ...input,
      authorizationId,
      approved,
      responseCode: a.responseCode ?? (approved ? '00' : riskDeclined ? '59' : '05'),
      assessment,
    });
    return { assessment, alertId, authorizationId };
  });
}

export function signal(assessment: RiskAssessment, name: string) {
  const found = assessment.signals.find((s) => s.name === name);
  if (!found) throw new Error(`no signal ${name}`);
  return found;
}
