import type { Engine } from '../engine.js';
import { SYSTEM_ACTOR } from '../bus/actor.js';

/**
 * Scheduled work. Each job is an idempotent command that catches up by itself (a monthly fee is
 * posted once per period even if the app was closed for weeks), so the runner only needs to call
 * it now and then. Jobs whose command does not exist in this build are skipped.
 */
export interface JobSpec {
  command: string;
  everyMs: number;
}

export const JOBS: readonly JobSpec[] = [
  { command: 'authorization-expire-stale', everyMs: 60_000 },
  { command: 'fees-post-monthly', everyMs: 3_600_000 },
  { command: 'rewards-run-birthday-job', everyMs: 3_600_000 },
  { command: 'rewards-expire-points', everyMs: 3_600_000 },
  { command: 'rewards-recompute-tiers', everyMs: 6 * 3_600_000 },
  { command: 'retention-run', everyMs: 24 * 3_600_000 },
  { command: 'exports-run-scheduled', everyMs: 15 * 60_000 },
  // Cheap when nothing is flagged (one settings read); a flagged rebuild runs once.
  { command: 'reports-rebuild-if-needed', everyMs: 60_000 },
];

export interface JobRunner {
  runDue(): Promise<string[]>;
  stop(): Promise<void>;
}

export function startJobRunner(engine: Engine, options: { tickMs?: number; jobs?: readonly JobSpec[] } = {}): JobRunner {
  const jobs = (options.jobs ?? JOBS).filter((job) => engine.bus.has(job.command));
  const lastRun = new Map<string, number>();
  let busy = false;
  const runDue = async (): Promise<string[]> => {
    if (busy) return [];
    busy = true;
    const ran: string[] = [];
    try {
      const now = engine.services.clock.now().getTime();
      for (const job of jobs) {
        const last = lastRun.get(job.command);
        if (last !== undefined && now - last < job.everyMs) continue;
        lastRun.set(job.command, now);
        try {
          await engine.bus.execute(job.command, {}, SYSTEM_ACTOR);
          ran.push(job.command);
        } catch (error) {
          engine.services.log.error({ err: error, job: job.command }, 'scheduled job failed');
        }
      }
    } finally {
      busy = false;
    }
    return ran;
  };
  const timer = setInterval(() => void runDue(), options.tickMs ?? 30_000);
  timer.unref();
  return {
    runDue,
    stop: async () => {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}
