import type { EngineServices } from '../../bus/context.js';
import type { CardNetwork } from '../adapter.js';
import { deliverOutbox, type DeliveryReport } from './deliver.js';
import { deliverAdvices, type AdviceDeliveryReport } from '../stand-in/deliver-advices.js';

export interface WorkerPass extends DeliveryReport {
  advices: AdviceDeliveryReport;
}

export interface OutboxWorker {
  /** Runs one delivery pass now (also what the timer does): card changes, then stand-in advices. */
  kick(): Promise<WorkerPass>;
  stop(): Promise<void>;
}

/**
 * Delivers what the network must learn on a timer, one pass at a time: the outbox of card changes
 * and the advices of stand-in decisions. Each queue holds a card's entry back while an earlier entry
 * of the other queue waits, so a second round lets the one unblock the other.
 */
export async function deliverNetworkQueues(services: EngineServices, network: CardNetwork): Promise<WorkerPass> {
  const first = await deliverOutbox(services, network);
  const advices = await deliverAdvices(services, network);
  if (advices.delivered > 0) {
    const second = await deliverOutbox(services, network);
    first.delivered += second.delivered;
    first.retried += second.retried;
    first.failed += second.failed;
  }
  return { ...first, advices };
}

export function startOutboxWorker(services: EngineServices, network: CardNetwork, intervalMs = 1_000): OutboxWorker {
  let running: Promise<WorkerPass> | null = null;
  let stopped = false;
  const pass = (): Promise<WorkerPass> => {
    if (running) return running;
    running = deliverNetworkQueues(services, network).finally(() => {
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
