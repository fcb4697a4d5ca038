import type { KartuEvent } from './event-store.js';

export type EventListener = (event: KartuEvent) => void;

/** In-process fan-out of committed events: the UI's live updates and the webhook worker listen here. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: KartuEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must not stop the others or the command that committed.
      }
    }
  }
}
