import { afterEach, beforeEach } from 'vitest';
import { OWNER, testEngine, type TestEngine } from '../../testing/test-engine.js';
import { AuthorizationQueue } from '../authorization-queue.js';

export interface EngineWithQueue {
  engine: TestEngine;
  queue: AuthorizationQueue;
  /** The owner's `bus.send`, untyped input (tests pass partial and wrong inputs on purpose). */
  send<K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown): ReturnType<TestEngine['bus']['send']>;
}

/** Before each test, a fresh test engine and its authorization queue; both closed after it. */
export function engineWithQueue(): EngineWithQueue {
  const t = {
    send: (name: string, input: unknown) => t.engine.bus.send(name as never, input as never, OWNER),
  } as EngineWithQueue;
  beforeEach(async () => {
    t.engine = await testEngine();
    t.queue = new AuthorizationQueue(t.engine);
  });
  afterEach(async () => {
    await t.queue.close();
    await t.engine.close();
  });
  return t;
}
