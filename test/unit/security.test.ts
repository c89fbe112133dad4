import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, allowNavigation, allowPermission, isAppUrl, secureWebPreferences, windowOpenDecision } from '../../src-main/security';

describe('window security policy', () => {
  const rendererDir = '/opt/app/resources/app.asar/out/renderer';

  it('recognises only the app renderer as a trusted sender', () => {
    expect(isAppUrl('file:///opt/app/resources/app.asar/out/renderer/index.html', { rendererDir })).toBe(true);
    expect(isAppUrl('file:///opt/app/resources/app.asar/out/renderer/../../secret.html', { rendererDir })).toBe(false);
    expect(isAppUrl('file:///etc/passwd', { rendererDir })).toBe(false);
    expect(isAppUrl('https://evil.example/index.html', { rendererDir })).toBe(false);
    expect(isAppUrl('http://localhost:5173/', { rendererDir, devServerUrl: 'http://localhost:5173' })).toBe(true);
    expect(isAppUrl('http://localhost:5174/', { rendererDir, devServerUrl: 'http://localhost:5173' })).toBe(false);
    expect(isAppUrl('http://evil.example:5173/', { rendererDir, devServerUrl: 'http://evil.example:5173' })).toBe(false);
    expect(isAppUrl('not a url', { rendererDir })).toBe(false);
  });

  it('denies navigation, new windows and permissions', () => {
    expect(allowNavigation('https://example.com')).toBe(false);
    expect(windowOpenDecision('https://askbot.com/doc')).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('javascript:alert(1)')).toEqual({ action: 'deny', openExternally: false });
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) expect(allowPermission(p)).toBe(false);
  });

  it('locks the window down and sets a strict CSP', () => {
    const prefs = secureWebPreferences('/p.cjs');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
