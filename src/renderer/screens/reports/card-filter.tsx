import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../hooks/use-debounced.js';
import { useQuery } from '../../hooks/use-command.js';

export interface PickedCard {
  id: string;
  program: string;
}

interface CardLike {
  id: string;
  last4: string;
  cardholder_name: string;
  program: string;
  status: 'active' | 'inactive' | 'canceled';
}

/**
 * The card filter: type the last 4 digits, or a cardholder's name or phone, and choose one of
 * their cards. The chosen card shows as its masked number and holder, with a button to remove it.
 */
export function CardFilter({ program, card, programName, onChange }: { program: string | null; card: string | null; programName(id: string): string; onChange(card: PickedCard | null): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 250);
  const chosen = useQuery('card-get', card ? { id: card } : null);
  const digits = /^\d{4}$/.test(query);
  const byLast4 = useQuery('card-list', digits ? { last4: query, limit: 8, ...(program ? { program } : {}) } : null);
  const holders = useQuery('cardholder-list', !digits && query.length >= 2 ? { query, limit: 5 } : null);
  const searching = query.length >= 2 || digits;

  const pick = (c: CardLike) => {
    onChange({ id: c.id, program: c.program });
    setText('');
  };

  if (card) {
    const c = chosen.data;
    return (
      <div className="field">
        <span className="field__label" id={`${id}-label`}>
          {t('reports.card')}
        </span>
        <div className="report-card-chip" role="group" aria-labelledby={`${id}-label`} data-testid="report-card-filter">
          <span className="mono">•••• {c?.last4 ?? '····'}</span>
          <span className="report-card-chip__name">{c?.cardholder_name ?? ''}</span>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => onChange(null)} aria-label={t('reports.cardClear')}>
            ×
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="picker report-card-picker">
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {t('reports.card')} <span className="muted">({t('common.optional')})</span>
        </label>
        <input
          id={id}
          className="input"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('reports.cardPlaceholder')}
          autoComplete="off"
          aria-describedby={`${id}-hint`}
        />
        <span className="visually-hidden" id={`${id}-hint`}>
          {t('reports.cardHint')}
        </span>
      </div>
      {searching && text.trim() === query ? (
        <ul className="picker__list" aria-label={t('reports.cardMatches')}>
          {digits ? (
            (byLast4.data?.data ?? []).map((c) => <CardOption key={c.id} card={c} programName={programName} onPick={pick} />)
          ) : (
            (holders.data?.data ?? []).map((h) => <HolderCards key={h.id} holder={h.id} program={program} programName={programName} onPick={pick} />)
          )}
          {(digits ? byLast4.data?.data.length === 0 : holders.data?.data.length === 0) ? <li className="muted report-card-picker__none">{t('reports.cardNone')}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** One cardholder's cards (in the chosen program) as choices. */
function HolderCards({ holder, program, programName, onPick }: { holder: string; program: string | null; programName(id: string): string; onPick(c: CardLike): void }) {
  const cards = useQuery('card-list', { cardholder: holder, limit: 5, ...(program ? { program } : {}) });
  return <>{(cards.data?.data ?? []).map((c) => <CardOption key={c.id} card={c} programName={programName} onPick={onPick} />)}</>;
}

function CardOption({ card, programName, onPick }: { card: CardLike; programName(id: string): string; onPick(c: CardLike): void }) {
  const { t } = useTranslation();
  return (
    <li>
      <button type="button" className="picker__item" onClick={() => onPick(card)}>
        <span className="cell-strong">
          <span className="mono">•••• {card.last4}</span> {card.cardholder_name}
        </span>
        <span className="cell-sub">
          {programName(card.program)}
          {card.status !== 'active' ? ` · ${t(`cards.status.${card.status as 'inactive' | 'canceled'}`)}` : ''}
        </span>
      </button>
    </li>
  );
}
