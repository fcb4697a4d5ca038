import type { EngineServices } from '../bus/context.js';
import { invalid } from '../kernel/errors.js';
import type { CardNetwork } from './adapter.js';

/**
 * Which card network an engine talks to. The sandbox engine always has the simulated network
 * (EngineServices.sandbox); a live engine gets one only when an adapter is attached (none ships
 * yet), so live stand-in and advices refuse with `network_not_configured` rather than guess.
 */
const attached = new WeakMap<object, CardNetwork>();

/**
 * Keyed by the engine's id generator: one per engine, and the very object every command's context
 * carries (a context's `db` is its transaction, so it cannot be the key).
 */
export function attachNetwork(services: Pick<EngineServices, 'ids'>, network: CardNetwork): void {
  attached.set(services.ids, network);
}

export function networkOf(services: Pick<EngineServices, 'sandbox' | 'ids'>): CardNetwork | undefined {
  return services.sandbox?.network ?? attached.get(services.ids);
}

export function requireNetwork(services: Pick<EngineServices, 'sandbox' | 'ids'>): CardNetwork {
  const network = networkOf(services);
  if (!network) throw invalid('network_not_configured', 'No card network is configured for this mode (only the sandbox network ships).', undefined);
  return network;
}

/** Network management under a deadline: an echo that does not answer in time counts as unreachable. */
export async function echoWithin(network: CardNetwork, deadlineMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  try {
    return await Promise.race([network.echo().catch(() => false), late]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** How long the counter waits for the network's echo before deciding by stand-in. */
export const STAND_IN_ECHO_DEADLINE_MS = 250;
