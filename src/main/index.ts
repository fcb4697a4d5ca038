import { app, BrowserWindow, dialog, protocol, safeStorage, type IpcMainInvokeEvent } from 'electron';
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { openKartu, type Kartu } from '../core/kartu.js';
import { createLogger, type Logger } from '../core/kernel/logger.js';
import { systemClock } from '../core/kernel/clock.js';
import { applyScheduledRestore } from '../core/backup/scheduled-restore.js';
import { auditRestoreOutcome, describeRestoreOutcome } from '../core/backup/open-after-restore.js';
import { APP_ENTRY, APP_ORIGIN, APP_SCHEME, appFileResponse } from './app-protocol.js';
import { installAppMenu } from './app-menu.js';
import { loadOrCreateCardDataKey } from './card-data-key.js';
import { DesktopSession } from './desktop-session.js';
import { coreStaffDirectory } from './core-staff-directory.js';
import { hardenWebContents } from './hardening.js';
import { forwardEvents, registerIpcBridge } from './ipc-bridge.js';
import { resolveDataDir } from './launch-options.js';
import { createMainWindow, preloadPathFrom } from './main-window.js';
import { assertBindingUsable, electronSqliteBindingPath } from './native/native-binding.js';
import { useNativeBinding } from './native/better-sqlite3-electron.js';

/**
 * The desktop host: one window over the same engine the headless host serves. Thin by design:
 * it opens the data folder (card-data key from the OS keychain), serves the renderer from app://,
 * and forwards the contract's named commands to the bus as the signed-in staff member.
 */
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const isDev = Boolean(devServerUrl) && !app.isPackaged;

// Before `ready`: app:// behaves like https (a real origin for the CSP, fetch of its own files).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;
let kartu: Kartu | null = null;
let closed = false;

function isAppUrl(url: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  return isDev && devServerUrl !== undefined && url.startsWith(new URL(devServerUrl).origin + '/');
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return Boolean(frame && frame.parent === null && isAppUrl(frame.url));
}

function fail(log: Logger | null, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  log?.fatal({ err: error }, 'cannot start');
  dialog.showErrorBox('Kartu cannot start', message);
  app.exit(1);
  throw error;
}

async function start(): Promise<void> {
  await app.whenReady();
  // Reference data (MCC list ...) ships next to a packaged app; in a checkout the core finds it.
  if (app.isPackaged && !process.env.KARTU_RESOURCES) process.env.KARTU_RESOURCES = join(process.resourcesPath, 'resources');
  const log = createLogger({ destination: join(app.getPath('logs'), 'kartu.log') });
  try {
    const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
    const binding = electronSqliteBindingPath({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
    assertBindingUsable(binding, { electron: process.versions.electron ?? '', platform: process.platform, arch: process.arch });
    useNativeBinding(binding);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // A restore scheduled from Settings, applied before the key is loaded (it may bring its own).
    const restore = await applyScheduledRestore({ dataDir, clock: systemClock });
    const key = loadOrCreateCardDataKey(dataDir, safeStorage);
    log.info({ dataDir, keySource: key.source, keyPath: key.path }, 'opening data folder');
    kartu = await openKartu({ dataDir, cardDataKey: key.key, log });
    if (restore) {
      await auditRestoreOutcome(kartu, restore);
      log.info({ restore }, describeRestoreOutcome(restore));
    }
  } catch (error) {
    fail(log, error);
  }

  const opened = kartu;
  const session = new DesktopSession(coreStaffDirectory(opened), userInfo().username || 'Owner');
  hardenWebContents(isAppUrl);
  protocol.handle(APP_SCHEME, (request) => appFileResponse(join(import.meta.dirname, '..', 'renderer'), request.url));
  registerIpcBridge({ kartu: opened, session, log, isTrustedSender });
  forwardEvents(opened, session, () => mainWindow?.webContents ?? null);
  installAppMenu(() => mainWindow, isDev || Boolean(process.env.KARTU_DEVTOOLS));

  const openWindow = (): void => {
    mainWindow = createMainWindow({ preloadPath: preloadPathFrom(import.meta.dirname), url: isDev && devServerUrl ? devServerUrl : APP_ENTRY });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Kartu already has this data folder open: it gets focus (below), this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (!kartu || closed) return;
    // Close both databases (WAL checkpoint) before the process ends.
    event.preventDefault();
    const opened = kartu;
    kartu = null;
    void opened.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  void start().catch(() => undefined);
}
