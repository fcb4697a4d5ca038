import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RpcMode } from '../../shared/rpc.js';
import { useApp } from '../state/app-store.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';

/** Always on screen: which database you are in, and the switch. Going live asks first. */
export function ModeSwitch() {
  const { t } = useTranslation();
  const mode = useApp((s) => s.mode);
  const setMode = useApp((s) => s.setMode);
  const [asking, setAsking] = useState(false);

  const choose = (next: RpcMode) => {
    if (next === mode) return;
    if (next === 'live') setAsking(true);
    else setMode('test');
  };

  return (
    <div className="mode-switch">
      <span className={`mode-pill mode-pill--${mode}`} data-testid="mode-indicator" role="status" title={mode === 'test' ? t('mode.sandboxHint') : undefined}>
        {t(`mode.${mode}`)}
      </span>
      <div className="segmented" role="group" aria-label={t('mode.groupLabel')}>
        <button type="button" aria-pressed={mode === 'test'} onClick={() => choose('test')}>
          {t('mode.switchToSandbox')}
        </button>
        <button type="button" aria-pressed={mode === 'live'} onClick={() => choose('live')}>
          {t('mode.switchToLive')}
        </button>
      </div>
      <ConfirmDialog
        open={asking}
        title={t('mode.confirmLiveTitle')}
        text={t('mode.confirmLiveText')}
        confirmLabel={t('mode.confirmLive')}
        danger
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          setMode('live');
        }}
      />
    </div>
  );
}
