import { useApp } from '../state/app-store.js';
import { isSignedOutError, type KartuClient } from './kartu-client.js';

/** Any call that finds the session gone sends the app back to the sign-in screen. */
export function withSessionWatch(client: KartuClient): KartuClient {
  return {
    ...client,
    kind: client.kind,
    async call(name, input) {
      try {
        return await client.call(name, input);
      } catch (error) {
        if (isSignedOutError(error)) useApp.getState().setSession({ status: 'ready', info: { signed_in: false } });
        throw error;
      }
    },
  };
}
