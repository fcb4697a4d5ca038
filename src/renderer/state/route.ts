import { useSyncExternalStore } from 'react';

/** Screens are addressed by the URL hash (#/cards/new), so Back works and links can be bookmarked. */
export const SCREENS = ['dashboard', 'programs', 'cardholders', 'cards', 'transactions', 'rewards', 'settings', 'counter', 'rules', 'reports', 'network'] as const;
export type ScreenId = (typeof SCREENS)[number];

export interface Route {
  screen: ScreenId;
  /** e.g. 'new' in #/programs/new */
  sub: string | null;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?');
  const [first, second] = path.split('/');
  const screen = (SCREENS as readonly string[]).includes(first ?? '') ? (first as ScreenId) : 'dashboard';
  return { screen, sub: second ? decodeURIComponent(second) : null, params: new URLSearchParams(query) };
}

export function hrefOf(screen: ScreenId, sub?: string, params?: Record<string, string>): string {
  const query = params ? `?${new URLSearchParams(params).toString()}` : '';
  return `#/${screen}${sub ? `/${encodeURIComponent(sub)}` : ''}${query}`;
}

export function navigate(screen: ScreenId, sub?: string, params?: Record<string, string>): void {
  window.location.hash = hrefOf(screen, sub, params);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
