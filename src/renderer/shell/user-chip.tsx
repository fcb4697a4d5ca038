import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/rpc.js';

export function UserChip({ session, onSignOut }: { session: SessionInfo; onSignOut(): void }) {
  const { t } = useTranslation();
  const staff = session.staff;
  if (!staff) return null;
  const initials = staff.name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <div className="user-chip">
      <span className="avatar" aria-hidden="true">
        {initials}
      </span>
      <span>
        <span className="visually-hidden">{t('common.signedInAs', { name: staff.name })}</span>
        <span aria-hidden="true">
          {staff.name} · {t(`common.roles.${staff.role}`)}
        </span>
      </span>
      <button type="button" className="btn btn--small btn--ghost" onClick={onSignOut}>
        {t('common.signOut')}
      </button>
    </div>
  );
}
