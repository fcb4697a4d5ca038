import type { Kysely } from 'kysely';
import * as foundation from './2026-11-25-01-foundation.js';
import * as ledgerAuthorization from './2026-11-25-04-ledger-authorization.js';
import * as networkOutbox from './2026-11-25-06-network-outbox.js';
import * as risk from './2026-11-25-07-risk.js';
import * as webhooks from './2026-11-25-08-webhooks.js';
import * as rewards from './2026-11-25-05-rewards.js';
import * as reports from './2026-11-25-10-reports.js';
import * as reportsRollups from './2026-11-25-11-reports-rollups.js';
import * as networkReconciliation from './2026-11-26-12-network-reconciliation.js';
import * as reportTotalCells from './2026-11-26-13-report-total-cells.js';
import * as reportCellsClustered from './2026-11-26-14-report-cells-clustered.js';
import * as reportCategoryCells from './2026-11-26-15-report-category-cells.js';
import * as reportFactsBackfill from './2026-11-26-16-report-facts-backfill.js';
import * as reportPointsCells from './2026-11-26-17-report-points-cells.js';
import * as reportPointsRedeemers from './2026-11-26-17b-report-points-redeemers.js';
import * as reportPointsLastRedemption from './2026-11-26-17c-report-points-last-redemption.js';
import * as authorizationListIndexes from './2026-11-26-18-authorization-list-indexes.js';
import * as pointsEntriesByAuthorization from './2026-11-26-19-points-entries-by-authorization.js';
import * as riskRecentBinary from './2026-11-26-30-risk-recent-binary.js';
import * as reportCampaigns from './2026-11-26-31-report-campaigns.js';
import * as rewardsTablesRebuild from './2026-11-26-32-rewards-tables-rebuild.js';
import * as pointsEntriesReversals from './2026-11-26-33-points-entries-reversals.js';
import * as rewardsFlowsWithoutEarn from './2026-11-26-33b-rewards-flows-without-earn.js';

export interface Migration {
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

/** In order. Append only: a released migration is never edited, renamed or removed. */
export const MIGRATIONS: readonly Migration[] = [
  { name: '2026-11-25-01-foundation', up: foundation.up },
  { name: '2026-11-25-04-ledger-authorization', up: ledgerAuthorization.up },
  { name: '2026-11-25-06-network-outbox', up: networkOutbox.up },
  { name: '2026-11-25-07-risk', up: risk.up },
  { name: '2026-11-25-08-webhooks', up: webhooks.up },
  { name: '2026-11-25-05-rewards', up: rewards.up },
  { name: '2026-11-25-10-reports', up: reports.up },
  { name: '2026-11-25-11-reports-rollups', up: reportsRollups.up },
  { name: '2026-11-26-12-network-reconciliation', up: networkReconciliation.up },
  { name: '2026-11-26-13-report-total-cells', up: reportTotalCells.up },
  { name: '2026-11-26-14-report-cells-clustered', up: reportCellsClustered.up },
  { name: '2026-11-26-15-report-category-cells', up: reportCategoryCells.up },
  { name: '2026-11-26-16-report-facts-backfill', up: reportFactsBackfill.up },
  { name: '2026-11-26-17-report-points-cells', up: reportPointsCells.up },
  { name: '2026-11-26-17b-report-points-redeemers', up: reportPointsRedeemers.up },
  { name: '2026-11-26-17c-report-points-last-redemption', up: reportPointsLastRedemption.up },
  { name: '2026-11-26-18-authorization-list-indexes', up: authorizationListIndexes.up },
  { name: '2026-11-26-19-points-entries-by-authorization', up: pointsEntriesByAuthorization.up },
  { name: '2026-11-26-30-risk-recent-binary', up: riskRecentBinary.up },
  { name: '2026-11-26-31-report-campaigns', up: reportCampaigns.up },
  { name: '2026-11-26-32-rewards-tables-rebuild', up: rewardsTablesRebuild.up },
  { name: '2026-11-26-33-points-entries-reversals', up: pointsEntriesReversals.up },
  { name: '2026-11-26-33b-rewards-flows-without-earn', up: rewardsFlowsWithoutEarn.up },
];
