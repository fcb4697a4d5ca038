/** The engine never reads the system time directly: tests and the sandbox move time on purpose. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: the sandbox clock and the tests use it. */
export interface ManualClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

export function manualClock(start: Date): ManualClock {
  let currentMs = start.getTime();
  return {
    now: () => new Date(currentMs),
    set: (at) => {
      currentMs = at.getTime();
    },
    advance: (ms) => {
      currentMs += ms;
    },
  };
}

/** A clock that follows the system time plus an offset: the sandbox clock can be advanced. */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
  offsetMs(): number;
  /**
   * Writing history (the demo's 90 past days) runs the sandbox at a past time, then returns to
   * the present. Not for anything a user can reach: the public sandbox clock only moves forward.
   */
  travelTo(at: Date): void;
  returnToPresent(): void;
}

export function offsetClock(base: Clock = systemClock): OffsetClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    advance: (ms) => {
      if (ms < 0) throw new Error('the sandbox clock only moves forward');
      offset += ms;
    },
    offsetMs: () => offset,
    travelTo: (at) => {
      offset = at.getTime() - base.now().getTime();
    },
    returnToPresent: () => {
      offset = 0;
    },
  };
}
