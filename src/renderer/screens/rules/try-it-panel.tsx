import { useTranslation } from 'react-i18next';

/**
 * "Try it" needs the engine to decide a purchase without writing it (a dry run of
 * authorization-create under proposed controls). The engine does not offer that yet, and the
 * renderer will not imitate the engine's rules: this says so, and points at the replay, which works.
 * The command asked for: authorization-simulate {card | program, spending_controls?, amount,
 * currency?, merchant: {id?, name, mcc, country, city?} | location} -> {approved, response_code,
 * decline_reason, trace}.
 */
export function TryItPanel() {
  const { t } = useTranslation();
  return (
    <section className="panel panel__body" aria-labelledby="try-it-title">
      <h2 id="try-it-title">{t('rules.tryIt.title')}</h2>
      <p className="muted">{t('rules.tryIt.text')}</p>
      <p className="notice notice--info" data-testid="try-it-unavailable">
        {t('rules.tryIt.needsEngine')}
      </p>
    </section>
  );
}
