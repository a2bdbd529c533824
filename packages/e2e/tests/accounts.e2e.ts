import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, fillLogin, launchBrowser, newPage, screenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Picks an option of the open Element Plus select popper by its text. */
async function pickOption(page: Page, text: string) {
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

describe('accounts', () => {
  const username = `mediator${Date.now() % 100000}`;
  let password = '';

  it('the admin creates a user, who can then sign in', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      await page.goto('/system/users');
      await page.getByTestId('users-table').waitFor();
      await page.getByTestId('user-create').click();
      const dialog = page.getByTestId('user-dialog');
      await dialog.locator('input[name="username"]').fill(username);
      await dialog.locator('input[name="displayName"]').fill('测试调解员');
      password = await dialog.locator('input[name="password"]').inputValue();
      expect(password.length).toBeGreaterThanOrEqual(12);
      await dialog.getByTestId('user-roles').click();
      await pickOption(page, '调解员');
      await page.keyboard.press('Escape');
      await dialog.locator('input[name="phone"]').fill('13900001234');
      await screenshot(page, 'user-create-dialog');
      await page.getByTestId('user-save').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('user-filter-q').fill(username);
      await page.getByRole('button', { name: '查询' }).click();
      const row = page.getByTestId('users-table').locator('.el-table__row', { hasText: username });
      await row.waitFor();
      expect(await row.innerText()).toContain('139****1234');
      expect(await row.innerText()).toContain('调解员');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    const second = await newPage(browser);
    try {
      await consoleLogin(second.page, username, password);
      expect(await second.page.getByTestId('home-greeting').innerText()).toContain('测试调解员');
    } finally {
      await second.context.close();
    }
  });

  it('a locked account is refused with the lock message, then the security administrator unlocks it', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      for (let i = 0; i < 5; i++) {
        await fillLogin(page, username, `wrong-${i}`);
        await page.getByTestId('login-error').waitFor();
        await page.waitForFunction(() => !document.querySelector('[data-testid="login-submit"].is-loading'));
      }
      // Even the right password is refused now, with the lock message.
      await fillLogin(page, username, password);
      await page.locator('[data-testid="login-error"][data-code="AUTH_LOCKED"]').waitFor();
      expect(await page.getByTestId('login-error').innerText()).toContain('账户已锁定');
      await screenshot(page, 'login-locked');
    } finally {
      await context.close();
    }

    const sec = await newPage(browser);
    try {
      await consoleLogin(sec.page, 'secadmin');
      await sec.page.goto('/security/locked');
      const unlock = sec.page.getByTestId(`locked-unlock-${username}`);
      await unlock.waitFor();
      await screenshot(sec.page, 'security-locked');
      await unlock.click();
      await sec.page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
      await sec.page.getByText('已解锁').first().waitFor();
      await unlock.waitFor({ state: 'detached' });
    } finally {
      await sec.context.close();
    }

    const again = await newPage(browser);
    try {
      await consoleLogin(again.page, username, password);
    } finally {
      await again.context.close();
    }
  });

  it('resetting an administrator’s password shows the server’s refusal', async () => {
    const { context, page } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      await page.goto('/system/users');
      await page.getByTestId('reset-auditor').click();
      await page.getByTestId('reset-save').click();
      await page.getByTestId('reset-error').getByText('您没有执行此操作的权限').waitFor();
      await screenshot(page, 'user-reset-refused');
    } finally {
      await context.close();
    }
  });

  it('the header region picker filters the user list to a town', async () => {
    const { context, page } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      await page.goto('/system/users');
      const rows = page.getByTestId('users-table').locator('.el-table__row');
      await rows.first().waitFor();
      expect(await rows.count()).toBeGreaterThan(5);
      await page.getByTestId('header-region').locator('.el-cascader').click();
      const dropdown = page.locator('.el-cascader__dropdown:visible');
      await dropdown.locator('.el-cascader-node', { hasText: '示范区' }).first().click();
      const filtered = page.waitForResponse(
        (r) => r.url().includes('/api/v1/users?') && r.url().includes('regionId=2'),
      );
      await dropdown.locator('.el-cascader-node', { hasText: '东湖街道' }).locator('.el-radio').click();
      await filtered;
      await expect.poll(() => rows.count()).toBeLessThan(5);
      for (const text of await rows.allInnerTexts()) expect(text).toMatch(/东湖街道|春晖社区/);
      await page.keyboard.press('Escape');
      await screenshot(page, 'users-by-region');
    } finally {
      await context.close();
    }
  });

  it('the security administrator sees sessions and the security policy', async () => {
    const { context, page } = await newPage(browser);
    try {
      await consoleLogin(page, 'secadmin');
      await page.goto('/security/settings');
      const failures = page.getByTestId('security-form').locator('input').first();
      await page.waitForFunction(
        () =>
          (document.querySelector('[data-testid="security-form"] input') as HTMLInputElement)?.value === '5',
      );
      expect(await failures.inputValue()).toBe('5');
      await page.getByTestId('security-save').click();
      await page.getByText('安全策略已保存').waitFor();
      await page.goto('/security/sessions');
      await page
        .getByTestId('sessions-table')
        .locator('.el-table__row', { hasText: 'secadmin' })
        .first()
        .waitFor();
      await screenshot(page, 'security-sessions');
    } finally {
      await context.close();
    }
  });
});
