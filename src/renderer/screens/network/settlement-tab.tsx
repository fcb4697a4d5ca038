import { useState } from 'react';
import { useApp } from '../../state/app-store.js';
import { ExceptionsPanel } from './exceptions-panel.js';
import { ImportPanel } from './import-panel.js';
import { ImportsPanel } from './imports-panel.js';
import { SandboxFilePanel } from './sandbox-file-panel.js';

/** Clearing: import the network's file, resolve what did not match, look back at each import. */
export function SettlementTab() {
  const mode = useApp((s) => s.mode);
  const [selected, setSelected] = useState<string | null>(null);
  const [imported, setImported] = useState(0);
  // An import changes the lists at once (its event arrives too, but a moment later). Nothing else
  // changes them but people's actions, which send events: no polling here.
  const tick = imported;
  return (
    <div className="stack">
      <div className={mode === 'test' ? 'network-import-grid' : undefined}>
        <ImportPanel
          onImported={(result) => {
            setSelected(result.id);
            setImported((n) => n + 1);
          }}
        />
        {mode === 'test' ? <SandboxFilePanel /> : null}
      </div>
      <ExceptionsPanel refresh={tick} />
      <ImportsPanel selected={selected} onSelect={setSelected} refresh={tick} />
    </div>
  );
}
