import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'Fengqiao@2026';
export const screenshotDir = join(import.meta.dirname, '..', 'screenshots');

/** Debian's Chromium with the flags that work headless without a GPU or network extras. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function baseUrl(): string {
  return inject('baseUrl');
}

export interface ContextOptions {
  phone?: boolean;
}

/** A fresh browser context (no cookies), desktop 1440×900 or a 390×844 phone. Page errors fail the test. */
export async function newPage(
  browser: Browser,
  opts: ContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1440, height: 900 } }),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Signs in through the console's login form and waits for the home page. */
export async function consoleLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await fillLogin(page, username, password);
  await page.getByTestId('home-greeting').waitFor();
}

export async function fillLogin(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Texts of the side menu's items (groups expanded). */
export async function menuTexts(page: Page): Promise<string[]> {
  const menu = page.getByTestId('side-menu');
  await menu.waitFor();
  return (await menu.locator('.el-menu-item').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
}

/** Signs in through the API from inside the page's context (sets the session and CSRF cookies). */
export async function apiLogin(context: BrowserContext, username: string, password = DEMO_PASSWORD) {
  const res = await context.request.post('/api/v1/auth/login', { data: { username, password } });
  if (!res.ok()) throw new Error(`login ${username}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { token: string; csrfToken: string; user: { id: number } };
}
