import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { insertIdempotentAnswer } from '../../core/api-keys/idempotency-repo.js';
import { OWNER, tableCounts, testEngine, type TestEngine } from '../../core/testing/test-engine.js';
import { Idempotency, type AnswerRecorder, type ExecutedAnswer, type IdempotentRequest } from './idempotency.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

const programs = async (): Promise<number> => (await tableCounts(engine)).programs as number;
const keyRows = async (): Promise<number> => (await tableCounts(engine)).idempotency_keys as number;

/** What the REST API does for a bus route: the record goes into the command's transaction. */
function busRoute(name: string): (recorder: AnswerRecorder | undefined) => Promise<ExecutedAnswer> {
  return async (recorder) => {
    let rendered: ExecutedAnswer | undefined;
    try {
      await engine.bus.execute('program-create', { name, kind: 'loyalty', currency: 'IDR' }, OWNER, {
        ...(recorder ? { inTransaction: recorder((output) => (rendered = { status: 200, body: JSON.stringify(output) })) } : {}),
      });
      return { ...rendered!, recorded: true };
    } catch (error) {
      return { status: 500, body: JSON.stringify({ error: String(error) }), fault: true };
    }
  };
}

const request = (key: string, execute: IdempotentRequest['execute'], inTransaction = true): IdempotentRequest => ({
  db: engine.services.db,
  apiKeyId: 'key_1',
  key,
  hash: 'h1',
  inTransaction,
  execute,
});

describe('Idempotency.run', () => {
  it('writes a bus command and its stored answer in ONE transaction, then replays it', async () => {
    const idempotency = new Idempotency();
    const transactions = vi.spyOn(engine.services.db, 'transaction');
    const first = await idempotency.run(request('k1', busRoute('One')));
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(first.replayed).toBe(false);
    expect(await keyRows()).toBe(1);
    const replay = await idempotency.run(request('k1', busRoute('One')));
    expect(replay).toEqual({ status: 200, body: first.body, replayed: true });
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(await programs()).toBe(1);
  });

  it('rolls the command back when another process answered the same key meanwhile, and answers from its record', async () => {
    const idempotency = new Idempotency();
    const racing: IdempotentRequest['execute'] = async (recorder) => {
      // The other process commits its answer after our read and before our command.
      await insertIdempotentAnswer(engine.services.db, { apiKeyId: 'key_1', key: 'k2', requestHash: 'h1', statusCode: 200, response: '{"id":"prog_other"}', now: new Date() });
      return busRoute('Raced')(recorder);
    };
    const answer = await idempotency.run(request('k2', racing));
    expect(answer).toEqual({ status: 200, body: '{"id":"prog_other"}', replayed: true });
    expect(await programs()).toBe(0);
  });

  it('keeps a refusal for replay, and keeps nothing after a fault', async () => {
    const idempotency = new Idempotency();
    const refusal = vi.fn(async (): Promise<ExecutedAnswer> => ({ status: 400, body: '{"error":{"code":"parameter_missing"}}' }));
    expect((await idempotency.run(request('k3', refusal))).replayed).toBe(false);
    expect(await idempotency.run(request('k3', refusal))).toEqual({ status: 400, body: '{"error":{"code":"parameter_missing"}}', replayed: true });
    expect(refusal).toHaveBeenCalledTimes(1);
    const fault = vi.fn(async (): Promise<ExecutedAnswer> => ({ status: 500, body: '{}', fault: true }));
    await idempotency.run(request('k4', fault));
    await idempotency.run(request('k4', fault));
    expect(fault).toHaveBeenCalledTimes(2);
    expect(await keyRows()).toBe(1);
  });

  it('claims and stores around a queued command, sharing commits between concurrent requests', async () => {
    const idempotency = new Idempotency();
    const transactions = vi.spyOn(engine.services.db, 'transaction');
    let ran = 0;
    const queued = async (): Promise<ExecutedAnswer> => ({ status: 200, body: JSON.stringify({ n: ++ran }) });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => idempotency.run(request(`q${i}`, queued, false))));
    expect(ran).toBe(20);
    expect(answers.every((a) => a.status === 200 && !a.replayed)).toBe(true);
    // 20 claims in one commit, 20 stored answers in another: not 40 commits.
    expect(transactions.mock.calls.length).toBeLessThanOrEqual(4);
    const stored = await engine.services.db.selectFrom('idempotency_keys').select(['key', 'status_code', 'response']).where('key', '=', 'q7').executeTakeFirstOrThrow();
    expect(stored.status_code).toBe(200);
    expect(await idempotency.run(request('q7', queued, false))).toEqual({ status: 200, body: stored.response, replayed: true });
    expect(ran).toBe(20);
  });

  it('serialises concurrent requests with one key in this process: one run, the others replay', async () => {
    const idempotency = new Idempotency();
    const answers = await Promise.all(Array.from({ length: 5 }, () => idempotency.run(request('same', busRoute('Same')))));
    expect(answers.filter((a) => a.replayed)).toHaveLength(4);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await programs()).toBe(1);
  });
});
