import type { TFunction } from 'i18next';
import type { Alert } from '../../../core/risk/alerts/alert.js';

/**
 * An alert's title in the staff member's language. The engine writes its title in English
 * ("Flagged: card testing, velocity"); the alert also carries what that title was made from (the
 * action, the signals that added to the score, the block-list hit), so the title is rebuilt from
 * those the same way. Anything else keeps the engine's title.
 */
export function alertTitle(t: TFunction, alert: Pick<Alert, 'kind' | 'title' | 'action' | 'signals' | 'score' | 'detail'>): string {
  if (alert.kind === 'block_list_hit') {
    const hit = alert.detail.block_list as { list_name?: unknown; label?: unknown } | undefined;
    if (typeof hit?.list_name !== 'string' || typeof hit.label !== 'string') return alert.title;
    const key = alert.detail.approved === false ? 'dash.alertTitle.blockListDeclined' : 'dash.alertTitle.blockList';
    return t(key, { list: hit.list_name, label: hit.label });
  }
  const action = alert.action;
  if (alert.kind !== 'authorization_risk' || (action !== 'decline' && action !== 'review' && action !== 'flag' && action !== 'none')) return alert.title;
  const strong = alert.signals.filter((s) => s.weight > 0).sort((a, b) => b.weight - a.weight);
  const names = strong.map((s) => t(`dash.signals.${s.name}`, { defaultValue: s.name }));
  const why = names.length > 0 ? names.join(', ') : t('dash.alertTitle.score', { score: alert.score ?? 0 });
  return t(`dash.alertTitle.${action}`, { why });
}
