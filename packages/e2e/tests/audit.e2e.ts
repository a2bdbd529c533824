import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, consoleLogin, launchBrowser, newPage, screenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('audit log', () => {
  it('the auditor searches, opens an entry with its before/after diff, and verifies the chain', async () => {
    // Something to find: the admin changes a user's name through the API.
    const { context: adminCtx } = await newPage(browser);
    const { csrfToken } = await apiLogin(adminCtx, 'admin');
    const list = await (await adminCtx.request.get('/api/v1/users?q=judge')).json();
    const judge = list.items.find((u: { username: string }) => u.username === 'judge');
    const res = await adminCtx.request.patch(`/api/v1/users/${judge.id}`, {
      data: { version: judge.version, displayName: '吴法官（审判庭）' },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(res.status()).toBe(200);
    await adminCtx.close();

    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'auditor');
      await page.goto('/audit/logs');
      await page.getByTestId('audit-table').waitFor();
      await page.getByTestId('audit-filter-actor').fill('admin');
      await page.getByTestId('audit-filter-action').fill('user.update');
      const searched = page.waitForResponse(
        (r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=user.update'),
      );
      await page.getByTestId('audit-search').click();
      await searched;
      const row = page.getByTestId('audit-table').locator('.el-table__row', { hasText: '修改用户' }).first();
      await row.waitFor();
      expect(
        await page.getByTestId('audit-table').locator('.el-table__row', { hasText: '登录' }).count(),
      ).toBe(0);
      await screenshot(page, 'audit-search');
      await row.click();
      const diff = page.getByTestId('audit-diff');
      await diff.waitFor();
      const text = await diff.innerText();
      expect(text).toContain('displayName');
      expect(text).toContain('吴法官');
      expect(text).toContain('吴法官（审判庭）');
      await page.waitForTimeout(400); // let the drawer finish sliding in
      await screenshot(page, 'audit-detail');
      await page.keyboard.press('Escape');
      await page.getByTestId('audit-verify').click();
      const report = page.getByTestId('audit-report');
      await report.getByText('审计链完整').waitFor();
      await screenshot(page, 'audit-verify');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
