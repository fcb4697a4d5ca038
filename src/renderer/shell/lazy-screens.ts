import { lazy } from 'react';

/**
 * Every screen but the first (the dashboard) is its own chunk, fetched when first opened: the page
 * a person lands on parses less script and becomes usable sooner. The host serves them locally.
 */
export const CardholderCreateScreen = lazy(() => import('../screens/cardholders/cardholder-create-screen.js').then((m) => ({ default: m.CardholderCreateScreen })));
export const CardholdersScreen = lazy(() => import('../screens/cardholders/cardholders-screen.js').then((m) => ({ default: m.CardholdersScreen })));
export const CardIssueScreen = lazy(() => import('../screens/cards/card-issue-screen.js').then((m) => ({ default: m.CardIssueScreen })));
export const CardDetailScreen = lazy(() => import('../screens/cards/card-detail-screen.js').then((m) => ({ default: m.CardDetailScreen })));
export const CardsScreen = lazy(() => import('../screens/cards/cards-screen.js').then((m) => ({ default: m.CardsScreen })));
export const CounterScreen = lazy(() => import('../screens/counter/counter-screen.js').then((m) => ({ default: m.CounterScreen })));
export const ProgramCreateScreen = lazy(() => import('../screens/programs/program-create-screen.js').then((m) => ({ default: m.ProgramCreateScreen })));
export const ProgramDetailScreen = lazy(() => import('../screens/programs/program-detail-screen.js').then((m) => ({ default: m.ProgramDetailScreen })));
export const NetworkScreen = lazy(() => import('../screens/network/network-screen.js').then((m) => ({ default: m.NetworkScreen })));
export const ProgramsScreen = lazy(() => import('../screens/programs/programs-screen.js').then((m) => ({ default: m.ProgramsScreen })));
export const ReportsScreen = lazy(() => import('../screens/reports/reports-screen.js').then((m) => ({ default: m.ReportsScreen })));
export const RewardsScreen = lazy(() => import('../screens/rewards/rewards-screen.js').then((m) => ({ default: m.RewardsScreen })));
export const RulesScreen = lazy(() => import('../screens/rules/rules-screen.js').then((m) => ({ default: m.RulesScreen })));
export const SettingsScreen = lazy(() => import('../screens/settings/settings-screen.js').then((m) => ({ default: m.SettingsScreen })));
export const TransactionsScreen = lazy(() => import('../screens/transactions/transactions-screen.js').then((m) => ({ default: m.TransactionsScreen })));
