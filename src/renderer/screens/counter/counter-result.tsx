import { useTranslation } from 'react-i18next';
import type { TraceEntry } from '../../../core/authorization/rules.js';
import { Icon } from '../../ui/icons.js';
import { TraceView } from '../../ui/decision.js';

export interface CounterOutcome {
  tone: 'success' | 'danger';
  title: string;
  lines: string[];
  /** A decline: the ISO 8583 code and the rules that decided. */
  code?: string;
  trace?: TraceEntry[];
  currency?: string;
  /** e.g. an Undo for a redemption */
  action?: { label: string; run(): void };
}

/** The big, unmissable answer at the counter: green when done, red with the reason when not. */
export function CounterResult({ outcome }: { outcome: CounterOutcome }) {
  const { t } = useTranslation();
  return (
    <div className={`counter-result counter-result--${outcome.tone}`} role={outcome.tone === 'danger' ? 'alert' : 'status'} data-testid="counter-result">
      <Icon name={outcome.tone === 'success' ? 'check' : 'alert'} className="counter-result__icon" size={36} />
      <div className="counter-result__body">
        <p className="counter-result__title">{outcome.title}</p>
        {outcome.lines.map((line) => (
          <p key={line} className="counter-result__line">
            {line}
          </p>
        ))}
        {outcome.code ? <p className="counter-result__code mono">{t('decisions.isoCode', { code: outcome.code })}</p> : null}
        {outcome.trace && outcome.trace.length > 0 ? (
          <details className="counter-result__trace">
            <summary>{t('decisions.whyTitle')}</summary>
            <TraceView trace={outcome.trace} currency={outcome.currency ?? 'IDR'} />
          </details>
        ) : null}
        {outcome.action ? (
          <div>
            <button type="button" className="btn" onClick={outcome.action.run}>
              {outcome.action.label}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
