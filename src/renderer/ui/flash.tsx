import { useEffect, useState } from 'react';
import { useApp } from '../state/app-store.js';
import { SuccessNotice } from './states.js';

/** Shows (once) the success message the previous screen left, e.g. "Program created". */
export function Flash() {
  const flash = useApp((s) => s.flash);
  const setFlash = useApp((s) => s.setFlash);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (flash) {
      setMessage(flash);
      setFlash(null);
    }
  }, [flash, setFlash]);
  return message ? <SuccessNotice>{message}</SuccessNotice> : null;
}
