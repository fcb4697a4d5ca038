import { describe, expect, it } from 'vitest';
import { walGate } from './wal-gate.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('walGate', () => {
  it('lets writers through at once while open', async () => {
    const gate = walGate();
    expect(await gate.hold(async () => 7)).toBe(7);
    expect(gate.isClosed).toBe(false);
  });

  it('closing waits for the writers inside; writers that come meanwhile wait until it opens', async () => {
    const gate = walGate();
    const inside = deferred();
    const order: string[] = [];
    const first = gate.hold(async () => {
      await inside.promise;
      order.push('first done');
    });
    let closed = false;
    const closing = gate.close().then(() => {
      closed = true;
      order.push('closed');
    });
    const second = gate.hold(async () => {
      order.push('second ran');
    });
    await turn();
    expect(closed).toBe(false);
    inside.resolve();
    await closing;
    await turn();
    expect(order).toEqual(['first done', 'closed']);
    gate.open();
    await second;
    await first;
    expect(order).toEqual(['first done', 'closed', 'second ran']);
  });

  it('closing an empty gate resolves at once; a writer that throws still leaves', async () => {
    const gate = walGate();
    await expect(gate.hold(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await gate.close();
    expect(gate.isClosed).toBe(true);
    gate.open();
    gate.open();
    expect(await gate.hold(async () => 'ok')).toBe('ok');
  });

  it('a writer woken by one opening waits again if the gate closed before its turn', async () => {
    const gate = walGate();
    await gate.close();
    let ran = false;
    const waiting = gate.hold(async () => {
      ran = true;
    });
    gate.open();
    await gate.close(); // closed again before the woken writer's turn came
    await turn();
    expect(ran).toBe(false);
    gate.open();
    await waiting;
    expect(ran).toBe(true);
  });
});
