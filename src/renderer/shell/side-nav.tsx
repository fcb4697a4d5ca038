import { useTranslation } from 'react-i18next';
import type { ScreenId } from '../state/route.js';
import { hrefOf } from '../state/route.js';
import { useCan } from '../state/session.js';
import { Icon } from '../ui/icons.js';

const ISSUING: ScreenId[] = ['dashboard', 'programs', 'cardholders', 'cards', 'transactions', 'rewards', 'reports', 'rules'];
const MORE: ScreenId[] = ['counter', 'network', 'settings'];
/** Screens a cashier has no use for (the core refuses their changes anyway): not offered. */
const MANAGER_SCREENS = new Set<ScreenId>(['rules', 'settings', 'reports', 'network']);

export function SideNav({ current }: { current: ScreenId }) {
  const { t } = useTranslation();
  const isManager = useCan('manager');
  const shown = (id: ScreenId) => isManager || !MANAGER_SCREENS.has(id);
  const item = (id: ScreenId) => (
    <li key={id}>
      <a className="nav__link" href={hrefOf(id)} aria-current={current === id ? 'page' : undefined}>
        <Icon name={id === 'network' ? 'transactions' : id} />
        {t(`nav.${id}`)}
      </a>
    </li>
  );
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav__brand">
        <span className="nav__logo" aria-hidden="true" />
        {t('app.name')}
      </div>
      <p className="nav__section" aria-hidden="true">
        {t('nav.sectionIssuing')}
      </p>
      <ul className="nav__list">{ISSUING.filter(shown).map(item)}</ul>
      <p className="nav__section" aria-hidden="true">
        {t('nav.sectionMore')}
      </p>
      <ul className="nav__list">{MORE.filter(shown).map(item)}</ul>
      <p className="nav__footer">{t('app.tagline')}</p>
    </nav>
  );
}
