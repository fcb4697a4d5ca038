import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx, SandboxControls } from '../bus/context.js';
import { invalid } from '../kernel/errors.js';

/** Test helpers exist only in the sandbox: a live key or the live database gets a clear refusal. */
export function sandboxOnly(ctx: Ctx): SandboxControls {
  if (ctx.mode !== 'test' || !ctx.sandbox) {
    throw invalid('sandbox_only', 'Test helpers work only in the sandbox (test mode).', undefined);
  }
  return ctx.sandbox;
}

function clockView(ctx: Ctx, controls: SandboxControls) {
  return { object: 'sandbox_clock' as const, now: ctx.clock.now().toISOString(), frozen_time: Math.floor(ctx.clock.now().getTime() / 1000), offset_seconds: Math.round(controls.clock.offsetMs() / 1000) };
}

export const sandboxClockGet = query({
  input: z.strictObject({}),
  permission: { scope: 'network:write', role: 'cashier' },
  handler: async (ctx) => clockView(ctx, sandboxOnly(ctx)),
});

/** Moves the sandbox's time forward (days of holds expiring, monthly fees, birthdays, point expiry). */
export const sandboxClockAdvance = command({
  input: z.strictObject({ seconds: z.number().int().positive().max(5 * 366 * 86_400) }),
  permission: { scope: 'network:write', role: 'manager' },
  audit: true,
  async handler(ctx, input) {
    const controls = sandboxOnly(ctx);
    controls.clock.advance(input.seconds * 1000);
    await ctx.emit('sandbox.clock.advanced', 'sandbox_clock', { seconds: input.seconds, now: ctx.clock.now().toISOString() });
    return clockView(ctx, controls);
  },
});

export const sandboxNetworkGet = query({
  input: z.strictObject({}),
  permission: { scope: 'network:write', role: 'cashier' },
  handler: async (ctx) => {
    const { network } = sandboxOnly(ctx);
    const c = network.getConditions();
    return { object: 'sandbox_network' as const, outage: c.outage, failure_rate: c.failureRate, latency_ms: c.latencyMs };
  },
});

/** Simulate an outage, flaky links or latency on demand. */
export const sandboxNetworkSet = command({
  input: z.strictObject({
    outage: z.boolean().optional(),
    failure_rate: z.number().min(0).max(1).optional(),
    latency_ms: z.number().int().min(0).max(30_000).optional(),
  }),
  permission: { scope: 'network:write', role: 'manager' },
  audit: true,
  async handler(ctx, input) {
    const { network } = sandboxOnly(ctx);
    const c = network.setConditions({
      ...(input.outage !== undefined ? { outage: input.outage } : {}),
      ...(input.failure_rate !== undefined ? { failureRate: input.failure_rate } : {}),
      ...(input.latency_ms !== undefined ? { latencyMs: input.latency_ms } : {}),
    });
    return { object: 'sandbox_network' as const, outage: c.outage, failure_rate: c.failureRate, latency_ms: c.latencyMs };
  },
});

export const sandboxHandlers = {
  'sandbox-clock-get': sandboxClockGet,
  'sandbox-clock-advance': sandboxClockAdvance,
  'sandbox-network-get': sandboxNetworkGet,
  'sandbox-network-set': sandboxNetworkSet,
};
