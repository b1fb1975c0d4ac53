// The set-up every e2e suite shares: the headless shell, Chromium, one
// context and one page on the shell's URL (its errors collected), and, when
// asked, a new vault. `useApp` registers it as the suite's beforeAll/afterAll;
// `openApp` and `openPage` are the same steps for a suite that runs its own
// hooks. Vitest runs afterAll hooks in reverse order, so a suite's own
// afterAll (registered after `useApp`) runs before the app closes, and one
// registered before it (e.g. a sync server's) runs after.
//
// Slow-machine mode: FIELDVAULT_E2E_CPU_THROTTLE=N (e.g. 4) slows each page's
// CPU N times through the DevTools protocol, to shake out tests that read the
// page before it caught up (and product states shown for a frame too long).
// Unset, pages run at full speed, as on CI.
import type { Browser, BrowserContext, BrowserContextOptions, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createVault } from './crm-steps';
import { launchBrowser, requireRendererBuild, startHeadlessShell, type HeadlessShell } from './harness';

export interface PageOptions {
  /** Over a light colour scheme and the en-US locale. */
  readonly context?: BrowserContextOptions;
  /** More Chromium switches (see `launchBrowser`). */
  readonly browserArgs?: readonly string[];
  /** Routes the page's IPC socket through this (e.g. an `IpcRoute`) before the page loads. */
  readonly route?: { attach(ws: WebSocketRoute): void };
  /** Runs once the page exists, before it loads: a clock, say. */
  readonly beforeLoad?: (page: Page) => Promise<void>;
  /** false: leave the page blank for the test to load. */
  readonly load?: boolean;
}

export interface AppOptions extends PageOptions {
  /** Creates a vault with this password once the page has loaded. */
  readonly password?: string;
}

export interface OpenPage {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The messages of the page's uncaught errors, in order. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export interface OpenApp extends OpenPage {
  readonly shell: HeadlessShell;
}

/** The CPU slow-down FIELDVAULT_E2E_CPU_THROTTLE asks for (1 when unset: none). */
export function cpuThrottleRate(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['FIELDVAULT_E2E_CPU_THROTTLE'];
  if (raw === undefined || raw.trim() === '') return 1;
  const rate = Number(raw);
  if (!Number.isFinite(rate) || rate < 1) {
    throw new Error(`FIELDVAULT_E2E_CPU_THROTTLE must be a number of at least 1 (a slow-down factor), not "${raw}".`);
  }
  return rate;
}

/**
 * Slows the page's CPU as FIELDVAULT_E2E_CPU_THROTTLE asks (nothing when it is unset). The CDP session stays
 * attached for the page's life: the emulation ends with it.
 */
export async function throttleCpu(context: BrowserContext, page: Page): Promise<void> {
  const rate = cpuThrottleRate();
  if (rate === 1) return;
  const session = await context.newCDPSession(page);
  await session.send('Emulation.setCPUThrottlingRate', { rate });
}

/** Chromium with one context and one page on `url` (its CPU slowed when FIELDVAULT_E2E_CPU_THROTTLE is set). */
export async function openPage(url: string, options: PageOptions = {}, pageErrors: string[] = []): Promise<OpenPage> {
  const browser = await launchBrowser(options.browserArgs);
  try {
    const context = await browser.newContext({ colorScheme: 'light', locale: 'en-US', ...options.context });
    const page = await context.newPage();
    await throttleCpu(context, page);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const route = options.route;
    if (route !== undefined) await page.routeWebSocket(/\/ipc$/, (ws) => route.attach(ws));
    await options.beforeLoad?.(page);
    if (options.load !== false) await page.goto(url);
    return {
      browser,
      context,
      page,
      pageErrors,
      close: async () => {
        await context.close();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** A fresh headless shell and a page on it; `close` ends both. */
export async function openApp(options: AppOptions = {}, pageErrors: string[] = []): Promise<OpenApp> {
  requireRendererBuild();
  const shell = await startHeadlessShell();
  try {
    const opened = await openPage(shell.url, options, pageErrors);
    try {
      if (options.password !== undefined) await createVault(opened.page, options.password);
    } catch (error) {
      await opened.close();
      throw error;
    }
    return {
      ...opened,
      shell,
      close: async () => {
        try {
          await opened.close();
        } finally {
          await shell.stop();
        }
      },
    };
  } catch (error) {
    await shell.stop();
    throw error;
  }
}

export interface App {
  readonly shell: HeadlessShell;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Filled as the page fails: the same array before and after the app opens. */
  readonly pageErrors: string[];
}

/** Opens the app in the suite's beforeAll and closes it in its afterAll; the accessors throw before it opens. */
export function useApp(options: AppOptions = {}): App {
  const pageErrors: string[] = [];
  let opened: OpenApp | undefined;
  const current = (): OpenApp => {
    if (opened === undefined) throw new Error('The app is not open: read it in a test or a later hook.');
    return opened;
  };
  beforeAll(async () => {
    opened = await openApp(options, pageErrors);
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get shell() {
      return current().shell;
    },
    get browser() {
      return current().browser;
    },
    get context() {
      return current().context;
    },
    get page() {
      return current().page;
    },
    pageErrors,
  };
}
