import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../../../core/cards/card.js';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError } from '../../client/kartu-client.js';
import { formatPhone } from '../../format/phone.js';
import { useDebounced } from '../../hooks/use-debounced.js';
import { Badge } from '../../ui/badge.js';
import { ErrorNotice } from '../../ui/states.js';
import { maskedNumber, STATUS_TONES } from '../cards/card-labels.js';
import { classifyLookup } from './lookup.js';

export interface Candidate {
  key: string;
  cardId: string | null;
  cardholderId: string;
  name: string;
  phone: string | null;
  card: Pick<Card, 'last4' | 'status'> | null;
}

type SearchState =
  | { status: 'idle' }
  | { status: 'loading'; query: string }
  | { status: 'done'; query: string; candidates: Candidate[] }
  | { status: 'error'; query: string; error: ClientError };

function fromCard(card: Card): Candidate {
  return { key: card.id, cardId: card.id, cardholderId: card.cardholder, name: card.cardholder_name, phone: null, card: { last4: card.last4, status: card.status } };
}

interface Props {
  programId: string | undefined;
  onPick(candidate: Candidate): void;
  inputRef: Ref<HTMLInputElement>;
}

/**
 * One box for everything a cashier has: a scanned QR code, a card number, its last 4, a phone or a
 * name. Enter picks the only match at once (a scanner ends with Enter); arrow keys walk the list.
 */
export function MemberSearch({ programId, onPick, inputRef }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const [text, setText] = useState('');
  const settled = useDebounced(text, 300);
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const latest = useRef(0);
  const listRef = useRef<HTMLUListElement>(null);

  const search = useCallback(
    async (raw: string, pickSingle: boolean) => {
      const lookup = classifyLookup(raw);
      const request = ++latest.current;
      if (lookup.kind === 'empty') {
        setState({ status: 'idle' });
        return;
      }
      setState({ status: 'loading', query: raw.trim() });
      try {
        let candidates: Candidate[] = [];
        let exact = false;
        if (lookup.kind === 'card_id') {
          candidates = [fromCard(await client.call('card-get', { id: lookup.id }))];
          exact = true;
        } else if (lookup.kind === 'number') {
          candidates = [fromCard(await client.call('card-find-by-number', { number: lookup.number }))];
          exact = true;
        } else if (lookup.kind === 'last4') {
          const cards = await client.call('card-list', { last4: lookup.last4, limit: 10, ...(programId ? { program: programId } : {}) });
          candidates = cards.data.map(fromCard);
        } else {
          const holders = await client.call('cardholder-list', { query: lookup.query, limit: 8 });
          candidates = holders.data.map((h) => ({ key: h.id, cardId: null, cardholderId: h.id, name: h.name, phone: h.phone, card: null }));
        }
        if (request !== latest.current) return;
        setState({ status: 'done', query: raw.trim(), candidates });
        if ((exact || pickSingle) && candidates.length === 1) {
          onPick(candidates[0]!);
          setText('');
          setState({ status: 'idle' });
        }
      } catch (caught) {
        if (request !== latest.current) return;
        const error = toClientError(caught);
        // "No such card" is an answer, not a failure: it reads as "nobody matches".
        if (error.type === 'not_found' || error.code === 'resource_missing') setState({ status: 'done', query: raw.trim(), candidates: [] });
        else setState({ status: 'error', query: raw.trim(), error });
      }
    },
    [client, programId, onPick],
  );

  // Typing searches on a pause; numbers that could still be growing wait for Enter or the full length.
  useEffect(() => {
    const lookup = classifyLookup(settled);
    if (lookup.kind === 'text' && lookup.query.length < 2) return;
    void search(settled, false);
  }, [settled, search]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void search(text, true);
    } else if (event.key === 'ArrowDown') {
      const first = listRef.current?.querySelector<HTMLButtonElement>('button');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    event.preventDefault();
    if (event.key === 'ArrowUp' && index <= 0) {
      (inputRef as { current: HTMLInputElement | null } | null)?.current?.focus();
      return;
    }
    buttons[Math.max(0, Math.min(buttons.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };

  return (
    <div className="counter-search" role="search">
      <label className="counter-label" htmlFor="counter-search">
        {t('counter.searchLabel')}
      </label>
      <input
        ref={inputRef}
        id="counter-search"
        className="input input--xl"
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('counter.searchPlaceholder')}
        autoComplete="off"
        spellCheck={false}
        aria-describedby="counter-search-hint"
        aria-keyshortcuts="F2"
        autoFocus
      />
      <p id="counter-search-hint" className="field__hint">
        {t('counter.searchHint')}
      </p>
      <div aria-live="polite">
        {state.status === 'loading' ? <p className="muted">{t('counter.searching')}</p> : null}
        {state.status === 'done' && state.candidates.length === 0 ? (
          <div className="counter-nomatch">
            <p className="cell-strong">{t('counter.noMatch', { query: state.query })}</p>
            <p className="muted">{t('counter.noMatchHint')}</p>
          </div>
        ) : null}
      </div>
      {state.status === 'error' ? <ErrorNotice error={state.error} onRetry={() => void search(state.query, true)} /> : null}
      {state.status === 'done' && state.candidates.length > 0 ? (
        <ul className="counter-results" aria-label={t('counter.results')} ref={listRef} onKeyDown={onListKey}>
          {state.candidates.map((c) => (
            <li key={c.key}>
              <button type="button" className="counter-candidate" onClick={() => onPick(c)}>
                <span className="counter-candidate__name">{c.name}</span>
                <span className="counter-candidate__meta mono">
                  {c.phone ? <span className="nowrap">{formatPhone(c.phone)}</span> : null}
                  {c.card ? maskedNumber(c.card.last4) : ''}
                </span>
                {c.card && c.card.status !== 'active' ? <Badge tone={STATUS_TONES[c.card.status]}>{t(`cards.status.${c.card.status}`)}</Badge> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
