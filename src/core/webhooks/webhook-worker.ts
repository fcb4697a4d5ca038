import type { Engine } from '../engine.js';
import { scheduleDeliveries, sendDueDeliveries } from './delivery.js';

export interface WebhookWorker {
  kick(): Promise<void>;
  stop(): Promise<void>;
}

/** Schedules and sends webhook deliveries: on every committed event, and on a timer for retries. */
export function startWebhookWorker(engine: Engine, intervalMs = 2_000): WebhookWorker {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const pass = async (): Promise<void> => {
    await scheduleDeliveries(engine.services);
    await sendDueDeliveries(engine.services);
  };
  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => engine.services.log.error({ err: error }, 'webhook pass failed'))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void kick();
        }
      });
    return running;
  };
  const unsubscribe = engine.events.subscribe(() => void kick());
  const timer = setInterval(() => void kick(), intervalMs);
  timer.unref();
  return {
    kick,
    stop: async () => {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      if (running) await running;
    },
  };
}
