import { useEffect, useState } from 'react';

/**
 * A number that moves every `ms` while the window is visible. The network's worker answers advices
 * and records differences outside any command the screen could listen to, so the lists that show
 * them look again now and then (quietly: what is on screen stays while the new answer comes).
 */
export function usePoll(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}
