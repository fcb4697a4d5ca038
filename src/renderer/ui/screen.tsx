import type { ReactNode } from 'react';

/** Every screen's frame: a title that screen readers land on, a subtitle, actions on the right. */
export function Screen({ title, subtitle, actions, children }: { title: string; subtitle?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen__header">
        <div className="screen__title">
          <h1 id="screen-title" tabIndex={-1}>
            {title}
          </h1>
          {subtitle ? <p className="muted">{subtitle}</p> : null}
        </div>
        {actions ? <div className="screen__actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
