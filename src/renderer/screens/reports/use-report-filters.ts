import { hrefOf, useRoute } from '../../state/route.js';

/** The tabs of the Reports screen; the first is the default. */
export const REPORT_TABS = ['spending', 'authorizations', 'loyalty', 'corporate', 'accounting'] as const;
export type ReportTab = (typeof REPORT_TABS)[number];

/** Filter and tab values as the URL carries them (#/reports?tab=loyalty&program=…&tier=…). */
export interface ReportParams {
  tab: ReportTab;
  from: string | null;
  to: string | null;
  program: string | null;
  branch: string | null;
  card: string | null;
  tier: string | null;
}

const KEYS = ['from', 'to', 'program', 'branch', 'card', 'tier'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The chosen tab and filters live in the address, so a report can be bookmarked, reloaded or sent
 * to a colleague, and switching tabs keeps the filters.
 */
export function useReportParams(): [ReportParams, (patch: Partial<ReportParams>) => void] {
  const route = useRoute();
  const get = (k: string) => route.params.get(k) || null;
  const tabParam = get('tab');
  const params: ReportParams = {
    tab: (REPORT_TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as ReportTab) : 'spending',
    from: DAY.test(get('from') ?? '') ? get('from') : null,
    to: DAY.test(get('to') ?? '') ? get('to') : null,
    program: get('program'),
    branch: get('branch'),
    card: get('card'),
    tier: get('tier'),
  };
  const update = (patch: Partial<ReportParams>) => {
    const next = { ...params, ...patch };
    const query: Record<string, string> = {};
    if (next.tab !== 'spending') query.tab = next.tab;
    for (const k of KEYS) if (next[k]) query[k] = next[k]!;
    // Filters replace the address rather than adding to the history: Back leaves the screen.
    window.location.replace(hrefOf('reports', undefined, Object.keys(query).length ? query : undefined));
  };
  return [params, update];
}
