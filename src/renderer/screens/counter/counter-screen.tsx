import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../../../core/cards/card.js';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError } from '../../client/kartu-client.js';
import { LanguageSwitch } from '../../shell/language-switch.js';
import { useApp } from '../../state/app-store.js';
import { hrefOf } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Icon } from '../../ui/icons.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import { CounterResult, type CounterOutcome } from './counter-result.js';
import { IssueCardForm } from './issue-card-form.js';
import { IssuedCard } from './issued-card.js';
import { MemberPanel } from './member-panel.js';
import { MemberSearch, type Candidate } from './member-search.js';
import { PurchaseForm } from './purchase-form.js';
import { RedeemPanel } from './redeem-panel.js';
import { TopUpForm } from './top-up-form.js';
import { useCounterSetup } from './use-counter-setup.js';
import { useMember } from './use-member.js';

type View =
  | { kind: 'welcome' }
  | { kind: 'issue'; holder?: Cardholder }
  | { kind: 'issued'; card: Card }
  | { kind: 'member'; cardId: string }
  | { kind: 'no-card'; holder: Cardholder };

type Action = 'purchase' | 'redeem' | 'topup';

/**
 * The cashier's screen: full width, big targets, everything reachable from the keyboard. Find the
 * member (scan, number, phone), then purchase, redeem or top up; or issue a new card in seconds.
 */
export function CounterScreen() {
  const { t } = useTranslation();
  const client = useClient();
  const mode = useApp((s) => s.mode);
  const session = useApp((s) => s.session);
  const staff = session.status === 'ready' ? session.info.staff : undefined;
  const setup = useCounterSetup();
  const canCreate = useCan('manager');
  const [view, setView] = useState<View>({ kind: 'welcome' });
  const [action, setAction] = useState<Action>('purchase');
  const [outcome, setOutcome] = useState<CounterOutcome | null>(null);
  const [pickError, setPickError] = useState<ClientError | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const purchaseRef = useRef<HTMLInputElement>(null);
  const topUpRef = useRef<HTMLInputElement>(null);
  const member = useMember(view.kind === 'member' ? view.cardId : null);

  const toSearch = useCallback(() => {
    setView({ kind: 'welcome' });
    setOutcome(null);
    setPickError(null);
    setTimeout(() => searchRef.current?.focus(), 0);
  }, []);

  const openCard = useCallback((cardId: string) => {
    setOutcome(null);
    setAction('purchase');
    setView({ kind: 'member', cardId });
  }, []);

  // A person found by name or phone: their card in this counter's program (an active one first).
  const pick = useCallback(
    async (candidate: Candidate) => {
      setPickError(null);
      if (candidate.cardId) {
        openCard(candidate.cardId);
        return;
      }
      try {
        const cards = await client.call('card-list', { cardholder: candidate.cardholderId, limit: 20, ...(setup.program ? { program: setup.program.id } : {}) });
        const card = cards.data.find((c) => c.status === 'active') ?? cards.data.find((c) => c.status !== 'canceled') ?? cards.data[0];
        if (card) openCard(card.id);
        else setView({ kind: 'no-card', holder: await client.call('cardholder-get', { id: candidate.cardholderId }) });
      } catch (caught) {
        setPickError(toClientError(caught));
      }
    },
    [client, openCard, setup.program],
  );

  const chooseAction = useCallback((next: Action) => {
    setAction(next);
    setOutcome(null);
    setTimeout(() => (next === 'purchase' ? purchaseRef : next === 'topup' ? topUpRef : null)?.current?.focus(), 0);
  }, []);

  // The counter's keys: F2 search, Alt+N new member, Alt+P/R/T the actions, Escape back.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      if (event.key === 'F2') {
        event.preventDefault();
        toSearch();
      } else if (event.key === 'Escape' && !document.querySelector('dialog[open]')) {
        if (view.kind !== 'welcome') {
          event.preventDefault();
          toSearch();
        }
      } else if (event.altKey && key === 'n') {
        event.preventDefault();
        setOutcome(null);
        setView({ kind: 'issue' });
      } else if (event.altKey && view.kind === 'member' && (key === 'p' || key === 'r' || key === 't')) {
        event.preventDefault();
        chooseAction(key === 'p' ? 'purchase' : key === 'r' ? 'redeem' : 'topup');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view.kind, toSearch, chooseAction]);

  const program = setup.program;
  const current = member.member;
  const storedValue = current?.card.balance !== undefined;

  return (
    <div className="counter" data-mode={mode}>
      <header className="counter__bar">
        <div className="counter__brand">
          <span className="nav__logo" aria-hidden="true" />
          <h1 id="screen-title" tabIndex={-1}>
            {t('counter.title')}
          </h1>
        </div>
        <div className="counter__setup" role="group" aria-label={t('counter.setupLabel')}>
          <span className="counter__select">
            <label htmlFor="counter-program">{t('counter.program')}</label>
            <select id="counter-program" className="select select--compact" value={program?.id ?? ''} onChange={(e) => setup.setProgram(e.target.value)} disabled={setup.programs.length === 0}>
              {/* Empty, the select would be a blank sliver beside its label. */}
              {setup.programs.length === 0 ? <option value="">{t('common.none')}</option> : null}
              {setup.programs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </span>
          <span className="counter__select">
            <label htmlFor="counter-branch">{t('counter.branch')}</label>
            <select id="counter-branch" className="select select--compact" value={setup.branch?.id ?? ''} onChange={(e) => setup.setBranch(e.target.value)} disabled={setup.branches.length === 0} title={t('counter.pickBranch')}>
              {setup.branches.length === 0 ? <option value="">{t('common.none')}</option> : null}
              {setup.branches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </span>
        </div>
        <span className="topbar__spacer" />
        <span className={`mode-pill mode-pill--${mode}`} data-testid="mode-indicator" role="status">
          {t(`mode.${mode}`)}
        </span>
        <LanguageSwitch id="counter-language" />
        {staff ? (
          <span className="counter__staff">
            {staff.name} · {t(`common.roles.${staff.role}`)}
          </span>
        ) : null}
        <a className="btn btn--small" href={hrefOf('dashboard')}>
          {t('counter.exit')}
        </a>
      </header>

      {setup.error ? <ErrorNotice error={setup.error} onRetry={setup.reload} /> : null}
      {setup.loading ? <Loading /> : null}
      {!setup.loading && !setup.error && !program ? (
        <EmptyState icon="programs" title={t('counter.noPrograms')} action={canCreate ? <a className="btn btn--primary btn--l" href={hrefOf('programs', 'new')}>{t('programs.new')}</a> : undefined} />
      ) : null}

      {!setup.loading && program ? (
        <div className="counter__body">
          <div className="counter__left">
            <MemberSearch programId={program.id} onPick={(c) => void pick(c)} inputRef={searchRef} />
            {pickError ? <ErrorNotice error={pickError} /> : null}
            <button type="button" className="btn btn--xl counter__new" onClick={() => setView({ kind: 'issue' })} aria-keyshortcuts="Alt+N">
              <Icon name="plus" className="" size={22} />
              {t('counter.newMember')}
            </button>
            {setup.branches.length === 0 ? <p className="notice notice--info">{t('counter.noBranches')}</p> : null}
          </div>

          <div className="counter__right">
            {view.kind === 'welcome' ? <EmptyState icon="counter" title={t('counter.searchLabel')} text={t('counter.searchHint')} /> : null}
            {view.kind === 'issue' ? (
              <IssueCardForm key={view.holder?.id ?? 'new'} program={program} holder={view.holder} onCancel={toSearch} onIssued={(card) => setView({ kind: 'issued', card })} />
            ) : null}
            {view.kind === 'issued' ? <IssuedCard card={view.card} program={program} onContinue={() => openCard(view.card.id)} /> : null}
            {view.kind === 'no-card' ? (
              <div className="counter-pane">
                <EmptyState
                  icon="cards"
                  title={t('counter.member.noCard', { name: view.holder.name })}
                  action={
                    <button type="button" className="btn btn--primary btn--xl" onClick={() => setView({ kind: 'issue', holder: view.holder })}>
                      {t('counter.member.issueForHolder', { name: view.holder.name })}
                    </button>
                  }
                />
              </div>
            ) : null}
            {view.kind === 'member' ? (
              <div className="counter-pane">
                {member.loading && !current ? <Loading label={t('counter.member.loading')} /> : null}
                {member.error ? <ErrorNotice error={member.error} onRetry={() => void member.refresh()} /> : null}
                {current ? (
                  <>
                    <MemberPanel member={current} program={setup.programs.find((p) => p.id === current.card.program) ?? program} />
                    <div className="segmented segmented--xl" role="group" aria-label={t('counter.actions.label')}>
                      <button type="button" aria-pressed={action === 'purchase'} onClick={() => chooseAction('purchase')} aria-keyshortcuts="Alt+P">
                        {t('counter.actions.purchase')}
                      </button>
                      <button type="button" aria-pressed={action === 'redeem'} onClick={() => chooseAction('redeem')} aria-keyshortcuts="Alt+R">
                        {t('counter.actions.redeem')}
                      </button>
                      {storedValue ? (
                        <button type="button" aria-pressed={action === 'topup'} onClick={() => chooseAction('topup')} aria-keyshortcuts="Alt+T">
                          {t('counter.actions.topUp')}
                        </button>
                      ) : null}
                    </div>
                    {outcome ? <CounterResult outcome={outcome} /> : null}
                    {action === 'purchase' ? <PurchaseForm member={current} branch={setup.branch} refresh={member.refresh} onOutcome={setOutcome} inputRef={purchaseRef} /> : null}
                    {action === 'redeem' ? <RedeemPanel member={current} refresh={member.refresh} onOutcome={setOutcome} /> : null}
                    {action === 'topup' && storedValue ? <TopUpForm member={current} refresh={member.refresh} onOutcome={setOutcome} inputRef={topUpRef} /> : null}
                    <div>
                      <button type="button" className="btn" onClick={toSearch}>
                        {t('counter.backToSearch')}
                      </button>
                    </div>
                  </>
                ) : null}
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
      <footer className="counter__keys">{t('counter.shortcuts')}</footer>
    </div>
  );
}
