import type { ReactNode } from 'react';

/** A settings section's heading and explanation, with its main action (e.g. "Create key") at the right. */
export function SectionHeader({ id, title, children, action }: { id: string; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="toolbar toolbar--between">
      <div>
        <h2 id={id}>{title}</h2>
        <p className="muted">{children}</p>
      </div>
      {action}
    </div>
  );
}
