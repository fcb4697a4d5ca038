import { useTranslation } from 'react-i18next';
import { AccountMappingPanel } from './account-mapping-panel.js';
import { JournalExportPanel } from './journal-export-panel.js';
import { ReportSection } from './report-parts.js';

/** For the bookkeeper: the journal export and the mapping of Kartu's ledger accounts to theirs. */
export function AccountingSection({ initial, today, currencies }: { initial: { from: string; to: string }; today: string; currencies: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <ReportSection id="report-accounting" title={t('reports.tabs.accounting')}>
      <JournalExportPanel initial={initial} today={today} currencies={currencies} />
      <AccountMappingPanel currencies={currencies} />
    </ReportSection>
  );
}
