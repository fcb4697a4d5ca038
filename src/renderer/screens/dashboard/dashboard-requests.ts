import type { Prefetch } from '../../shell/first-screen-prefetch.js';

/**
 * The dashboard's first requests with all programs shown (its default), exactly as the screen
 * sends them: main.tsx asks for them before the app has rendered (first-screen-prefetch.ts).
 */
export const DASHBOARD_SUMMARY_ALL = {};
export const PROGRAM_INDEX_INPUT = { limit: 100 };
export const DASHBOARD_FIRST_REQUESTS: readonly Prefetch[] = [
  { name: 'dashboard-summary', input: DASHBOARD_SUMMARY_ALL },
  { name: 'program-list', input: PROGRAM_INDEX_INPUT },
];
