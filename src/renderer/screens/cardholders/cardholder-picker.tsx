import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../format/phone.js';
import { useDebounced } from '../../hooks/use-debounced.js';
import { useQuery } from '../../hooks/use-command.js';
import { Field } from '../../ui/field.js';

export interface PickedHolder {
  id: string;
  name: string;
}

/** A search box whose matches are buttons: type a name, phone or last 4, press one. */
export function CardholderPicker({ label, placeholder, onPick }: { label: string; placeholder: string; onPick(holder: PickedHolder): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 250);
  const matches = useQuery('cardholder-list', query.length >= 2 ? { query, limit: 6 } : null);
  const list = query.length >= 2 ? (matches.data?.data ?? []) : [];
  return (
    <div className="picker">
      <Field label={label}>
        <input className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={placeholder} autoComplete="off" />
      </Field>
      {list.length > 0 ? (
        <ul className="picker__list" aria-label={t('transactions.filters.pick')}>
          {list.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className="picker__item"
                onClick={() => {
                  onPick({ id: h.id, name: h.name });
                  setText('');
                }}
              >
                <span className="cell-strong">{h.name}</span>
                <span className={h.phone ? 'cell-sub mono nowrap' : 'cell-sub mono'}>{h.phone ? formatPhone(h.phone) : (h.email ?? h.id)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
