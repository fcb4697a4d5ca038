import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** The standard menus (Edit is what makes copy and paste work in text fields on macOS). */
export function installAppMenu(getWindow: () => BrowserWindow | null, devTools: boolean): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(devTools ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About Kartu',
          click: () => {
            const window = getWindow();
            const about = { type: 'info' as const, title: 'Kartu', message: `Kartu ${app.getVersion()}`, detail: 'Branded payment and loyalty cards, on your own computer.' };
            void (window ? dialog.showMessageBox(window, about) : dialog.showMessageBox(about));
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
