// The window security policy as pure functions (unit-tested): what the renderer may load, navigate
// to, open or ask for. Everything not explicitly allowed is denied.

/** The Content-Security-Policy of the renderer (also set as a response header in the app). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // React inline style attributes
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Whether a URL is the app's own renderer: the packaged `file://…/out/renderer/` folder, or the dev
 * server origin electron-vite gives in ELECTRON_RENDERER_URL.
 */
export function isAppUrl(url: string, opts: { rendererDir?: string; devServerUrl?: string }): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (opts.devServerUrl) {
    try {
      const dev = new URL(opts.devServerUrl);
      if (parsed.origin === dev.origin && (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1')) return true;
    } catch {
      /* not a URL: ignore */
    }
  }
  if (parsed.protocol === 'file:' && opts.rendererDir) {
    const dir = opts.rendererDir.replace(/\\/g, '/').replace(/\/?$/, '/');
    const path = decodeURIComponent(parsed.pathname).replace(/^\/([a-zA-Z]:)/, '$1');
    return path.startsWith(dir.startsWith('/') || /^[a-zA-Z]:/.test(dir) ? dir : '/' + dir) && !path.includes('/../');
  }
  return false;
}

/** In-app navigation is never allowed: the renderer is a single page. */
export function allowNavigation(_url: string): boolean {
  return false;
}

/** New windows are never opened; http(s) links may be handed to the OS browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    /* unparsable: deny */
  }
  return { action: 'deny', openExternally: protocol === 'https:' || protocol === 'http:' };
}

/** No permission (camera, notifications, geolocation, …) is ever granted. */
export function allowPermission(_permission: string): boolean {
  return false;
}

/** The BrowserWindow web preferences every window gets. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}
