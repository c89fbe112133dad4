// The application menu. Items that act on the app send no IPC of their own: the renderer's keyboard
// shortcuts cover the same actions.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(opts: { isMac: boolean; appName: string }): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(opts.isMac ? [{ label: opts.appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [opts.isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'zoom' }] },
  ];
  return Menu.buildFromTemplate(template);
}
