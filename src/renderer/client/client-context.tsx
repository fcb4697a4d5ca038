import { createContext, useContext, type ReactNode } from 'react';
import type { KartuClient } from './kartu-client.js';

const ClientContext = createContext<KartuClient | null>(null);

export function ClientProvider({ client, children }: { client: KartuClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): KartuClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientProvider>');
  return client;
}
