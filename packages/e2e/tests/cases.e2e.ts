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

describe('case engine pages', () => {
  it('the administrator reads the 2026 schedule, and adds the 2027 holidays', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      await page.goto('/system/calendar');
      await page.getByTestId('calendar-month').waitFor();
      await page.getByTestId('calendar-missing').getByText('2027').waitFor();
      // The page opens on the current month; walk back to October 2026 whatever today is.
      const nationalDay = page.getByTestId('calendar-month').getByText('国庆节').first();
      for (let i = 0; i < 12 && !(await nationalDay.isVisible()); i++) {
        await page.getByRole('button', { name: '上个月' }).click();
      }
      await nationalDay.waitFor();
      await screenshot(page, 'calendar-2026');
      await page.getByTestId('calendar-year').locator('input').fill('2027');
      await page.getByTestId('calendar-year').locator('input').press('Enter');
      await page.getByRole('button', { name: '添加日期' }).first().click();
      const row = page.locator('.fq-date-row').first();
      await row.locator('input').first().fill('2027-01-01');
      await row.locator('input').first().press('Enter');
      await row.locator('input').nth(1).fill('元旦');
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/calendar/years/2027') && r.request().method() === 'PUT',
      );
      await page.getByTestId('calendar-save-year').click();
      expect((await saved).status()).toBe(200);
      await page.getByTestId('calendar-missing').waitFor({ state: 'detached' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the administrator sees the job queue; everyone has the notification bell', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      await page.goto('/system/jobs');
      await page.getByTestId('jobs-table').waitFor();
      await page.getByRole('tab', { name: /排队中/ }).click();
      await page.getByTestId('jobs-table').getByText('audit.seal').waitFor();
      // The recurring upkeep jobs carry a name, not only their code.
      await page.getByTestId('jobs-table').getByText('事件统计汇总').waitFor();
      await screenshot(page, 'jobs');
      await page.getByTestId('notification-bell').click();
      await page.getByText('暂无消息').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    // A town dispatcher is not given the district's queue.
    const town = await newPage(browser);
    try {
      await apiLogin(town.context, 'town1');
      const res = await town.context.request.get('/api/v1/jobs');
      expect(res.status()).toBe(403);
    } finally {
      await town.context.close();
    }
  });
});
