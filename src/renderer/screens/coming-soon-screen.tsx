import { useTranslation } from 'react-i18next';
import type { ScreenId } from '../state/route.js';
import { Screen } from '../ui/screen.js';
import { EmptyState } from '../ui/states.js';

/** A screen whose engine part is not there yet: an honest empty state, never sample data. */
export function ComingSoonScreen({ screen }: { screen: Exclude<ScreenId, 'dashboard' | 'programs' | 'cardholders' | 'cards' | 'settings' | 'counter' | 'transactions' | 'rules'> }) {
  const { t } = useTranslation();
  return (
    <Screen title={t(`nav.${screen}`)}>
      <div className="panel">
        <EmptyState icon={screen} title={t('soon.title')} text={t('soon.text')} />
      </div>
    </Screen>
  );
}
