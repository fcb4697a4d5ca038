import type { EngineServices } from '../../bus/context.js';
import type { CardNetwork } from '../adapter.js';
import { deliverOutbox, type DeliveryReport } from './deliver.js';

export interface OutboxWorker {
  /** Runs one delivery pass now (also what the timer does). */
  kick(): Promise<DeliveryReport>;
  stop(): Promise<void>;
}

/** Delivers the outbox on a timer; one pass at a time. */
export function startOutboxWorker(services: EngineServices, network: CardNetwork, intervalMs = 1_000): OutboxWorker {
  let running: Promise<DeliveryReport> | null = null;
  let stopped = false;
  const pass = (): Promise<DeliveryReport> => {
    if (running) return running;
    running = deliverOutbox(services, network).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) pass().catch((error: unknown) => services.log.error({ err: error }, 'outbox delivery pass failed'));
  }, intervalMs);
  timer.unref();
  return {
    kick: pass,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
