import { useEffect, useState } from 'react';

/**
 * True once `when` has been true through a painted frame and the browser had an idle moment (at
 * most `timeoutMs` later): for work that may wait until the first screen is usable.
 */
export function useAfterFirstPaint(when: boolean, timeoutMs = 800): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!when || ready) return;
    let idle = 0;
    const frame = requestAnimationFrame(() => {
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(() => setReady(true), { timeout: timeoutMs });
      else idle = window.setTimeout(() => setReady(true), 50);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
      else clearTimeout(idle);
    };
  }, [when, ready, timeoutMs]);
  return ready;
}
