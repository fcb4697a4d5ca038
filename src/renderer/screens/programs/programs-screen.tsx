import { useTranslation } from 'react-i18next';
import type { Program } from '../../../core/programs/program.js';
import { formatDate } from '../../format/dates.js';
import { usePagedList } from '../../hooks/use-paged-list.js';
import { useLang } from '../../i18n/i18n.js';
import { hrefOf } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { Flash } from '../../ui/flash.js';
import { Icon } from '../../ui/icons.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, SkeletonRows } from '../../ui/states.js';
import { CardFace } from './card-face.js';

const COLUMNS = 7;

export function ProgramsScreen() {
  const { t } = useTranslation();
  const list = usePagedList('program-list', {}, ['program']);
  const lang = useLang();
  // Only managers and owners create programs (the engine refuses a cashier): no button that leads to a refusal.
  const canCreate = useCan('manager');
  const newButton = canCreate ? (
    <a className="btn btn--primary" href={hrefOf('programs', 'new')}>
      <Icon name="plus" className="" size={16} />
      {t('programs.new')}
    </a>
  ) : undefined;

  return (
    <Screen title={t('programs.title')} subtitle={t('programs.subtitle')} actions={newButton}>
      <Flash />
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.error && !list.loading && list.items.length === 0 ? (
        <div className="panel">
          <EmptyState icon="programs" title={t('programs.emptyTitle')} text={t('programs.emptyText')} action={newButton} />
        </div>
      ) : null}
      {!list.error && (list.loading || list.items.length > 0) ? (
        <div className="panel table-wrap">
          <table className="table" aria-busy={list.loading}>
            <caption className="visually-hidden">{t('programs.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('programs.columns.card')}</th>
                <th scope="col">{t('programs.columns.name')}</th>
                <th scope="col">{t('programs.columns.kind')}</th>
                <th scope="col">{t('programs.columns.currency')}</th>
                <th scope="col">{t('programs.columns.timezone')}</th>
                <th scope="col">{t('programs.columns.status')}</th>
                <th scope="col">{t('programs.columns.created')}</th>
              </tr>
            </thead>
            <tbody>
              {list.loading ? <SkeletonRows columns={COLUMNS} /> : list.items.map((program) => <ProgramRow key={program.id} program={program} lang={lang} />)}
            </tbody>
          </table>
          {list.hasMore ? (
            <div className="table-footer">
              <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
                {list.loadingMore ? t('common.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </Screen>
  );
}

function ProgramRow({ program, lang }: { program: Program; lang: 'id' | 'en' }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>
        <CardFace
          className="card-face card-face--thumb"
          brand={program.brand}
          title={program.brand.name}
          text={{ kindLabel: t(`programs.kinds.${program.kind}`), cardholderName: '', last4: '••••', expiry: '' }}
        />
      </td>
      <td>
        <a className="cell-strong" href={hrefOf('programs', program.id)}>
          {program.name}
        </a>
        <span className="cell-sub mono">{program.id}</span>
      </td>
      <td>{t(`programs.kinds.${program.kind}`)}</td>
      <td className="mono">{program.currency}</td>
      <td>{program.timezone}</td>
      <td>
        <Badge tone={program.status === 'active' ? 'success' : 'neutral'}>{t(`programs.status.${program.status}`)}</Badge>
      </td>
      <td className="nowrap">{formatDate(program.created, program.timezone, lang)}</td>
    </tr>
  );
}
