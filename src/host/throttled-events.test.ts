import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../core/events/event-hub.js';
import type { KartuEvent } from '../core/events/event-store.js';
import { throttledEvents } from './start-host.js';

const event = (id: string): KartuEvent => ({ id, object: 'event', type: 'authorization.created', data: { object: {} }, created: 0 }) as unknown as KartuEvent;

afterEach(() => {
  vi.useRealTimers();
});

describe('the webhook worker hears of events at most once per period', () => {
  it('passes the first event at once, a burst once at the end of the period, and never loses the last', async () => {
    vi.useFakeTimers();
    const source = new EventHub();
    const throttled = throttledEvents(source, 100);
    const heard: string[] = [];
    throttled.hub.subscribe((e) => heard.push(e.id));
    source.publish(event('a'));
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toEqual(['a']);
    for (const id of ['b', 'c', 'd']) source.publish(event(id));
    await vi.advanceTimersByTimeAsync(50);
    expect(heard).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(60);
    expect(heard).toEqual(['a', 'd']);
    throttled.stop();
    source.publish(event('e'));
    await vi.advanceTimersByTimeAsync(500);
    expect(heard).toEqual(['a', 'd']);
  });
});
