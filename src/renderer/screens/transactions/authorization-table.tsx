import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Authorization } from '../../../core/authorization/authorization.js';
import type { Program } from '../../../core/programs/program.js';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useLang } from '../../i18n/i18n.js';
import { DecisionBadge, reasonText } from '../../ui/decision.js';
import { maskedNumber } from '../cards/card-labels.js';

const ROW_HEIGHT = 56;
/** Ask for the next page this many rows before the end, so scrolling never waits. */
const PREFETCH_ROWS = 30;

interface Props {
  items: Authorization[];
  hasMore: boolean;
  loadingMore: boolean;
  onEnd(): void;
  selected: string | null;
  onSelect(id: string): void;
  programs: Map<string, Program>;
  scrollRef: RefObject<HTMLDivElement | null>;
  label: string;
}

/**
 * Only the rows in view are in the page (a million rows scroll like fifty): a grid with one tab
 * stop, arrow keys between rows, Enter opens the row.
 */
export function AuthorizationTable({ items, hasMore, loadingMore, onEnd, selected, onSelect, programs, scrollRef, label }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows[rows.length - 1]?.index ?? 0;
  const focusIndex = useRef(0);

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= items.length - PREFETCH_ROWS) onEnd();
  }, [lastIndex, items.length, hasMore, loadingMore, onEnd]);

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(items.length - 1, index));
    focusIndex.current = clamped;
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${clamped}"]`)?.focus());
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>, index: number, id: string) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(index + moves[event.key]!);
    } else if (event.key === 'Home') {
      event.preventDefault();
      focusRow(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      focusRow(items.length - 1);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };

  return (
    <div className="vtable" role="grid" aria-label={label} aria-rowcount={hasMore ? -1 : items.length + 1} aria-busy={loadingMore}>
      <div className="vtable__row vtable__head" role="row" aria-rowindex={1}>
        <span role="columnheader">{t('transactions.columns.time')}</span>
        <span role="columnheader">{t('transactions.columns.card')}</span>
        <span role="columnheader">{t('transactions.columns.merchant')}</span>
        <span role="columnheader" className="num">
          {t('transactions.columns.amount')}
        </span>
        <span role="columnheader">{t('transactions.columns.decision')}</span>
      </div>
      <div className="vtable__scroll" ref={scrollRef} data-testid="transactions-scroll">
        <div className="vtable__body" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const a = items[row.index]!;
            const zone = (a.program ? programs.get(a.program)?.timezone : undefined) ?? DEFAULT_TIME_ZONE;
            return (
              <div
                key={a.id}
                data-index={row.index}
                className={`vtable__row${selected === a.id ? ' vtable__row--selected' : ''}${a.approved ? '' : ' vtable__row--declined'}`}
                role="row"
                aria-rowindex={row.index + 2}
                aria-selected={selected === a.id}
                tabIndex={row.index === focusIndex.current ? 0 : -1}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                onClick={() => {
                  focusIndex.current = row.index;
                  onSelect(a.id);
                }}
                onKeyDown={(e) => onKey(e, row.index, a.id)}
                data-authorization-id={a.id}
              >
                <span role="gridcell" className="nowrap muted">
                  {formatDateTime(a.created, zone, lang)}
                </span>
                <span role="gridcell" className="mono nowrap">
                  {maskedNumber(a.card_last4 ?? '????')}
                </span>
                <span role="gridcell" className="vtable__merchant">
                  {/* The whole text on hover when a long name or reason is cut short. */}
                  <span className="cell-strong" title={a.merchant.name}>
                    {a.merchant.name}
                  </span>
                  {!a.approved ? (
                    <span className="cell-sub danger-text" title={reasonText(t, a.decline_reason)}>
                      {reasonText(t, a.decline_reason)}
                    </span>
                  ) : null}
                </span>
                <span role="gridcell" className="num nowrap">
                  {formatMoney(a.approved ? a.amount : a.requested_amount, a.currency, lang)}
                </span>
                <span role="gridcell">
                  <DecisionBadge approved={a.approved} code={a.response_code} />
                </span>
              </div>
            );
          })}
        </div>
        {loadingMore ? <p className="vtable__more muted">{t('transactions.loadingMore')}</p> : null}
      </div>
    </div>
  );
}
