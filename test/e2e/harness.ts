// The end-to-end harness: the built renderer (out/renderer) served on localhost and driven in
// Chromium by playwright-core, with window.analytics installed from the contract so that every call
// goes to the real main-process handlers (src-main/ipc) on a real database in this test process.
// Nothing here needs the Electron binary.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { EVENT_NAMES, METHOD_NAMES } from '../../src-preload/channels';
import type { Events } from '../../src-preload/contract';
import { buildApi } from '../../src-preload/build-api';
import { createHandlers } from '../../src-main/ipc';
import { createDispatcher, type HandlerContext } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';
import { bundleWorker } from '../helpers/build-worker';
import { findChromium, GET_CHROMIUM } from '../../scripts/find-chromium.mjs';

const RENDERER_DIR = join(process.cwd(), 'out', 'renderer');
export const RESULTS_DIR = join(process.cwd(), 'test-results');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function serveRenderer(): Promise<{ server: Server; url: string }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run "npm run build" before the e2e tests');
  }
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^([/\\])+/, '');
    const file = join(RENDERER_DIR, path || 'index.html');
    if (!file.startsWith(RENDERER_DIR) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/index.html` });
    }),
  );
}

export interface App {
  page: Page;
  /** Jobs started from now on do their work, then hold (still running) until releaseJobs(). */
  holdJobs(): void;
  releaseJobs(): void;
  state: AppState;
  /** The contract methods the page has called, in the order they reached main (`report/users`, …). */
  calls: string[];
  dataDir: string;
  /** Where exports land (the stand-in for the save dialog's answer). */
  exportsDir: string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

let browser: Browser | undefined;

async function getBrowser(): Promise<Browser> {
  const executablePath = await findChromium();
  if (!executablePath) throw new Error(GET_CHROMIUM);
  browser ??= await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** Opens the app in a new page, bridged to a fresh AppState whose data folder is a temp dir. */
export async function launchApp(opts: { colorScheme?: 'light' | 'dark'; dataDir?: string; openFileAnswer?: string | null } = {}): Promise<App> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'aac-e2e-'));
  const { server, url } = await serveRenderer();
  const context = await (await getBrowser()).newContext({ viewport: { width: 1280, height: 860 }, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Pushed events go to the page the way webContents.send reaches the preload.
  const emit = <E extends keyof Events>(event: E, payload: Events[E]) => {
    void page
      .evaluate(([n, p]) => (globalThis as unknown as { __aacEmit(n: string, p: unknown): void }).__aacEmit(n, p), [event, payload] as const)
      .catch(() => undefined);
  };
  const exportsDir = join(dataDir, 'exports');
  mkdirSync(exportsDir, { recursive: true });
  const state = new AppState(
    {
      dataDir,
      // The app's own jobs, behind a gate a test can hold closed (test/fixtures/held-job-worker.ts).
      workerFile: await bundleWorker(join(process.cwd(), 'test/fixtures/held-job-worker.ts')),
      // The app's SQLite reads, on reader threads as in the app.
      readerFile: await bundleWorker(join(process.cwd(), 'src-main/core/db/sqlite-reader-worker.ts')),
      // The open dialog answers what the test says; the save dialog a file in the test's exports folder.
      chooseOpenPath: async () => opts.openFileAnswer ?? null,
      chooseSavePath: async (name) => join(exportsDir, name),
      // PDF from the same Chromium, as the app's hidden window does.
      printToPdf: async (html, pdf) => {
        const p = await context.newPage();
        try {
          await p.goto(pathToFileURL(html).href);
          await p.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true });
        } finally {
          await p.close();
        }
      },
    },
    emit,
  );
  const ctx: HandlerContext = { state, emit };
  const dispatch = createDispatcher(createHandlers(), ctx);
  const calls: string[] = [];
  await page.exposeBinding('__aacInvoke', (_source, name: string, request: unknown) => {
    calls.push(name);
    return dispatch(name, request);
  });
  // The same buildApi the preload uses, with the bridge in place of ipcRenderer.
  await page.addInitScript({
    content: `(() => {
      const listeners = new Map();
      window.__aacEmit = (name, payload) => (listeners.get(name) || []).forEach((l) => l(payload));
      const subscribe = (name, listener) => {
        listeners.set(name, [...(listeners.get(name) || []), listener]);
        return () => listeners.set(name, (listeners.get(name) || []).filter((l) => l !== listener));
      };
      const buildApi = ${buildApi.toString()};
      window.analytics = buildApi(${JSON.stringify(METHOD_NAMES)}, ${JSON.stringify(EVENT_NAMES)}, (name, request) => window.__aacInvoke(name, request), subscribe);
    })();`,
  });
  await page.goto(url);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const gate = join(dataDir, 'job-gate');
  return {
    page,
    holdJobs: () => {
      rmSync(gate, { recursive: true, force: true });
      mkdirSync(gate, { recursive: true });
      process.env.AAC_TEST_JOB_GATE = gate; // a worker thread gets a copy of the environment when it starts
    },
    releaseJobs: () => writeFileSync(join(gate, 'open'), ''),
    state,
    calls,
    dataDir,
    exportsDir,
    screenshot: async (name) => {
      const file = join(RESULTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: async () => {
      if (process.env.AAC_TEST_JOB_GATE === gate) writeFileSync(join(gate, 'open'), '');
      delete process.env.AAC_TEST_JOB_GATE;
      await context.close();
      server.close();
      await state.shutdown();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      // An error thrown in the page fails the test that saw it.
      if (pageErrors.length) throw new Error(`errors in the page: ${pageErrors.join(' | ')}`);
    },
  };
}
