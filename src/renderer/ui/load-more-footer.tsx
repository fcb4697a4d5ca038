import { useTranslation } from 'react-i18next';

/** What a paged list offers under its table. */
export interface Paging {
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
}

/** "Load more" under a paged list's table while the engine has more rows; nothing once it has not. */
export function LoadMoreFooter({ paging }: { paging: Paging | undefined }) {
  const { t } = useTranslation();
  if (!paging?.hasMore) return null;
  return (
    <div className="table-footer">
      <button type="button" className="btn" onClick={paging.loadMore} disabled={paging.loadingMore}>
        {paging.loadingMore ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}
