import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillLogin, launchBrowser, newPage, screenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('phone pages (390×844)', () => {
  it('the grid worker signs in and sees name, grid and network status; a reload keeps the page', async () => {
    const { context, page, errors } = await newPage(browser, { phone: true });
    try {
      await page.goto('/m/');
      await page.waitForURL(/\/m\/login/);
      await screenshot(page, 'phone-login');
      await fillLogin(page, 'grid', 'Fengqiao@2026');
      await page.getByTestId('m-user-name').waitFor();
      expect(await page.getByTestId('m-user-name').innerText()).toContain('黄网格');
      expect(await page.getByTestId('m-scope').innerText()).toContain('网格');
      expect(await page.getByTestId('net-status').innerText()).toContain('在线');
      // The events module's entries (report, my reports, tracking) are on the home page.
      await page.getByTestId('m-entries').getByText('事件上报').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await screenshot(page, 'phone-home-grid');
      await context.setOffline(true);
      await page.getByTestId('net-status').getByText('离线').waitFor();
      await screenshot(page, 'phone-home-offline');
      await context.setOffline(false);
      await page.reload();
      await page.getByTestId('m-user-name').waitFor();
      expect(new URL(page.url()).pathname).toBe('/m/');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a wrong password shows the Chinese error; a resident signs in; English switch works', async () => {
    const { context, page } = await newPage(browser, { phone: true });
    try {
      await page.goto('/m/login');
      await fillLogin(page, 'resident', 'nope');
      await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();
      await fillLogin(page, 'resident', 'Fengqiao@2026');
      await page.getByTestId('m-user-name').waitFor();
      expect(await page.getByTestId('m-user-name').innerText()).toContain('群众小刘');
      await page.getByTestId('m-language').click();
      await page.locator('.van-action-sheet__item', { hasText: 'English' }).click();
      await page.getByText('Sign out').waitFor();
      await screenshot(page, 'phone-home-resident-en');
      await page.getByTestId('m-logout').click();
      await page.locator('.van-dialog__confirm').click();
      await page.waitForURL(/\/m\/login/);
    } finally {
      await context.close();
    }
  });
});
