import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { TraceEntry } from '../../core/authorization/rules.js';
import { traceLineText } from '../format/trace-line.js';
import { useQuery } from '../hooks/use-command.js';
import { useLang } from '../i18n/i18n.js';
import { textOf } from '../i18n/text-of.js';
import { Badge } from './badge.js';

/** The reason a person reads, in their language; the engine's code when the UI does not know it. */
export function reasonText(t: TFunction, reason: string | null | undefined): string {
  if (!reason) return '';
  return textOf(t('decisions.reasons', { returnObjects: true }), reason);
}

export function ruleLabel(t: TFunction, rule: string): string {
  return textOf(t('decisions.rules', { returnObjects: true }), rule);
}

/** ISO 8583 response code 10: approved for part of the amount (the card's balance). */
const PARTIAL_APPROVAL = '10';

/** What a decision badge says: the decision in words; the ISO 8583 response code only as its tooltip. */
export function decisionBadgeText(t: TFunction, approved: boolean, code: string): { tone: 'success' | 'danger'; text: string; title: string } {
  // Owners and cashiers do not read ISO 8583 codes ("Ditolak · 43"); support staff find the code on hover.
  // The reason, where a screen shows one beside the badge, says why in words.
  const title = t('decisions.isoCode', { code });
  if (!approved) return { tone: 'danger', text: t('decisions.declined'), title };
  return { tone: 'success', text: code === PARTIAL_APPROVAL ? t('decisions.partial') : t('decisions.approved'), title };
}

export function DecisionBadge({ approved, code }: { approved: boolean; code: string }) {
  const { t } = useTranslation();
  const { tone, text, title } = decisionBadgeText(t, approved, code);
  return (
    <Badge tone={tone} title={title}>
      {text}
    </Badge>
  );
}

const MARKS: Record<TraceEntry['outcome'], string> = { pass: '✓', fail: '✕', skipped: '–', info: 'i' };

/** Every rule the decision went through, in order, the failing one marked: "why" in one glance. */
export function TraceView({ trace, currency, label }: { trace: readonly TraceEntry[]; currency: string; label?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  // The engine names branches by id in its trace ("loc_01m1… is allowed"): staff know them by name.
  const locations = useQuery('location-list', trace.some((e) => e.detail.includes('loc_')) ? {} : null, ['location']);
  const branchNames = useMemo(() => new Map((locations.data?.data ?? []).map((l) => [l.id, l.name] as const)), [locations.data]);
  const detailOf = (entry: TraceEntry) => traceLineText(t, entry, currency, lang, (id) => branchNames.get(id) ?? id);
  return (
    <ol className="trace" aria-label={label ?? t('decisions.traceLabel')}>
      {trace.map((entry, i) => (
        <li key={`${entry.rule}-${i}`} className={`trace__item trace__item--${entry.outcome}`}>
          <span className="trace__mark" aria-hidden="true">
            {MARKS[entry.outcome]}
          </span>
          <span className="trace__body">
            <span className="trace__rule">
              {ruleLabel(t, entry.rule)}
              <span className="visually-hidden">: {t(`decisions.outcomes.${entry.outcome}`)}</span>
              {entry.code ? <span className="trace__code mono">{entry.code}</span> : null}
            </span>
            <span className="trace__detail">{entry.outcome === 'skipped' ? t('decisions.outcomes.skipped') : detailOf(entry)}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
