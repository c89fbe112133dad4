// The Electron app: one locked-down window, the menu, IPC registration and an orderly shutdown.
// No analytics logic lives here (DESIGN.md §1): handlers are in ipc/, the work in core/.
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHOD_NAMES, channelOf } from '../src-preload/channels';
import type { Events } from '../src-preload/contract';
import { createHandlers } from './ipc';
import { createDispatcher, type HandlerContext } from './ipc/registry';
import { AppState } from './ipc/state';
import type { SecretBox } from './ipc/profiles-store';
import { CONTENT_SECURITY_POLICY, allowNavigation, allowPermission, isAppUrl, secureWebPreferences, windowOpenDecision } from './security';
import { buildMenu } from './menu';

const here = dirname(fileURLToPath(import.meta.url));

function emit<E extends keyof Events>(event: E, payload: Events[E]): void {
  mainWindow?.webContents.send(channelOf(event), payload);
}
const rendererDir = join(here, '../renderer');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
let mainWindow: BrowserWindow | undefined;

/** Saved database passwords go through the OS keychain only. */
const keychain: SecretBox = {
  available: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
  decrypt: (cipher) => safeStorage.decryptString(Buffer.from(cipher, 'base64')),
};
/** Exports go where the moderator says, through the native save dialog. */
async function chooseSavePath(suggestedName: string): Promise<string | null> {
  const ext = suggestedName.split('.').pop() ?? '';
  const options = {
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: ext.toUpperCase(), extensions: [ext] }],
  };
  const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}

async function chooseOpenPath(): Promise<string | null> {
  const options = {
    properties: ['openFile' as const],
    filters: [
      { name: 'SQLite databases', extensions: ['sqlite', 'sqlite3', 'db'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

/**
 * PDF: the self-contained HTML report, printed by Chromium in a hidden window that runs no script.
 * Cancel closes the window: the load or the print fails, and the job deletes whatever was written.
 */
async function printToPdf(htmlFile: string, pdfFile: string, signal: AbortSignal): Promise<void> {
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
  const close = () => win.destroy();
  signal.addEventListener('abort', close, { once: true });
  try {
    await win.loadFile(htmlFile);
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4', landscape: true });
    if (!signal.aborted) await writeFile(pdfFile, pdf);
  } finally {
    signal.removeEventListener('abort', close);
    if (!win.isDestroyed()) win.destroy();
  }
}

const state = new AppState(
  {
    dataDir: app.getPath('userData'),
    workerFile: join(here, 'job-worker.js'),
    readerFile: join(here, 'sqlite-reader.js'),
    secrets: keychain,
    chooseOpenPath,
    chooseSavePath,
    printToPdf,
  },
  emit,
);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  void app.whenReady().then(start);
}

const dispatch = createDispatcher(createHandlers(), { state, emit } satisfies HandlerContext);

function registerIpc(): void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(channelOf(name), (event: IpcMainInvokeEvent, request: unknown) => {
      // Only our own window's top frame may call.
      const url = event.senderFrame?.url ?? '';
      if (event.sender !== mainWindow?.webContents || !isAppUrl(url, { rendererDir, devServerUrl })) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: 'IPC call from an unknown sender refused' } };
      }
      return dispatch(name, request);
    });
  }
}

function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Askbot Analytics Console',
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(join(rendererDir, 'index.html'));
  return win;
}

async function start(): Promise<void> {
  lockDownSessions();
  registerIpc();
  Menu.setApplicationMenu(buildMenu({ isMac: process.platform === 'darwin', appName: app.name }));
  // First launch creates the demo database in the data folder; later launches reopen it.
  const demo = await dispatch('db/createDemo', {});
  if (!demo.ok) console.error(`demo database: ${demo.error.message}`);
  mainWindow = createWindow();
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  // Shut down in order: stop taking calls, close the database, then quit.
  event.preventDefault();
  quitting = true;
  for (const name of METHOD_NAMES) ipcMain.removeHandler(channelOf(name));
  void state.shutdown().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) mainWindow = createWindow();
});
