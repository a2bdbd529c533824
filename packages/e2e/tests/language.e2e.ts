import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, fillLogin, launchBrowser, menuTexts, newPage, screenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('language', () => {
  it('switching to English changes the labels, is kept across a reload, and switches back', async () => {
    const { context, page } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      expect(await menuTexts(page)).toContain('用户管理');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      await page.getByTestId('side-menu').getByText('Users', { exact: true }).waitFor();
      const menu = await menuTexts(page);
      expect(menu).toEqual(expect.arrayContaining(['Home', 'Regions', 'Departments', 'Grid posts', 'Users']));
      expect(menu).not.toContain('用户管理');
      expect(await page.getByTestId('home-greeting').innerText()).toMatch(
        /^Good (morning|afternoon|evening)/,
      );
      // The server answers in English too (the fq_lang cookie).
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'fq_lang')?.value).toBe('en');
      await page.reload();
      await page.getByTestId('side-menu').getByText('Users', { exact: true }).waitFor();
      await page.goto('/system/users');
      await page.getByRole('button', { name: 'New user' }).waitFor();
      await screenshot(page, 'users-english');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      await page.getByTestId('side-menu').getByText('用户管理', { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('a wrong password shows the server’s Chinese message, and the English one after switching', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      await fillLogin(page, 'admin', 'not-the-password');
      const alert = page.getByTestId('login-error');
      await alert.waitFor();
      expect(await alert.innerText()).toContain('用户名或密码错误');
      expect(await alert.getAttribute('data-code')).toBe('AUTH_INVALID_CREDENTIALS');
      await screenshot(page, 'login-wrong-password');
      await page.getByTestId('login-language').getByText('English').click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await fillLogin(page, 'admin', 'still-wrong');
      await page.getByText('Wrong user name or password').waitFor();
    } finally {
      await context.close();
    }
  });
});
