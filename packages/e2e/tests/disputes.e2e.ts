import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, fillLogin, launchBrowser, newPage, screenshot } from '../support/browser';

/**
 * Dispute journeys (issue #5): the mediator settles a dispute with an agreement and applies for judicial
 * confirmation; the judge accepts and confirms it; the registry, screening, statistics and the
 * resident's phone pages render. Screenshots go to packages/e2e/screenshots/disputes-*.png.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const dateInput = (page: Page, testId: string) =>
  page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

describe('disputes', () => {
  it('the mediator settles a dispute with a 人民调解协议书 and applies for judicial confirmation', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'mediator2');
      await page.goto('/disputes/workbench');
      await page.getByTestId('workbench-table').getByText('楼上漏水致楼下天花板受损').waitFor();
      await screenshot(page, 'disputes-workbench');
      await page.getByTestId('workbench-table').getByText('楼上漏水致楼下天花板受损').click();
      await page.getByTestId('dispute-state').getByText('调解中').waitFor();
      await page.getByTestId('dispute-parties').waitFor();
      await screenshot(page, 'disputes-detail-mediating');
      await page.getByTestId('dispute-agreement').click();
      const dialog = page.getByTestId('dispute-dialog');
      await dialog.getByTestId('agr-issues').fill('402室天花板修复及漏水维修费用由谁承担。');
      await dialog.getByTestId('agr-resp').fill('501室防水层老化是漏水原因，被申请人承担主要责任。');
      await dialog
        .getByTestId('agr-items')
        .fill('被申请人于十日内修复卫生间防水层。\n被申请人赔偿申请人天花板修复费用人民币贰仟元。');
      // Without the manner and deadline of performance the server refuses (人民调解法 第29条).
      await dialog.getByTestId('dialog-submit').click();
      await page.locator('.el-message--error').getByText('履行方式').waitFor();
      await dialog.getByTestId('agr-manner').fill('微信转账');
      await dateInput(page, 'agr-deadline').fill('2026-12-31');
      await screenshot(page, 'disputes-agreement-dialog');
      await dialog.getByTestId('dialog-submit').click();
      await page.getByTestId('dispute-state').getByText('调解成功').waitFor();
      await page.getByText('人民调解协议书').first().waitFor();
      await page.getByTestId('dispute-apply').click();
      await page.getByTestId('dispute-dialog').getByTestId('dialog-submit').click();
      await page.getByText('示范区人民法院').first().waitFor();
      await page.getByText('司法确认申请书').first().waitFor();
      await screenshot(page, 'disputes-detail-settled');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the judge accepts the application and confirms the agreement with a ruling', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'judge');
      await page.goto('/disputes/confirmations');
      const row = page.getByTestId('conf-table').getByText('楼上漏水致楼下天花板受损');
      await row.waitFor();
      await row.click();
      await page.getByTestId('conf-state').getByText('待立案审查').waitFor();
      await page.getByTestId('case-action-accept').click();
      const submit = page.getByTestId('case-action-submit');
      if (await submit.isVisible().catch(() => false)) await submit.click();
      await page.getByTestId('conf-state').getByText('已受理审查中').waitFor();
      await page.getByTestId('conf-rule').click();
      await page.getByTestId('conf-clerk').fill('陈书记员');
      await screenshot(page, 'disputes-ruling-dialog');
      await page.getByTestId('conf-rule-submit').click();
      await page.getByTestId('conf-state').getByText('裁定确认有效').waitFor();
      await page.getByText('民事裁定书').first().waitFor();
      await screenshot(page, 'disputes-confirmations');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('registry, screening and statistics render for the town dispatcher', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'town1');
      await page.goto('/disputes');
      await page.getByTestId('dispute-table').getByText('物业费与停车位管理纠纷').waitFor();
      await screenshot(page, 'disputes-registry');
      await page.getByTestId('dispute-new').click();
      await page.getByTestId('dispute-register').waitFor();
      await screenshot(page, 'disputes-register-dialog');
      await page.keyboard.press('Escape');
      await page.goto('/disputes/screening');
      await page.getByTestId('task-table').locator('.el-table__row').first().waitFor();
      await screenshot(page, 'disputes-screening');
      await page.goto('/disputes/stats');
      await page.getByTestId('stats-kpis').waitFor();
      await page.getByTestId('stats-table').locator('.el-table__row').first().waitFor();
      await screenshot(page, 'disputes-stats');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a resident applies for mediation on the phone and follows it', async () => {
    const { context, page, errors } = await newPage(browser, { phone: true });
    try {
      await page.goto('/m/login');
      await fillLogin(page, 'resident', 'Fengqiao@2026');
      await page.waitForURL((u) => !u.pathname.includes('login'));
      await page.goto('/m/disputes/apply');
      await page.getByTestId('m-org').click();
      await page.locator('.van-picker__confirm').click();
      await page.getByTestId('m-title').locator('input, textarea').first().fill('邻居空调外机噪音扰民');
      await page
        .getByTestId('m-facts')
        .locator('textarea')
        .fill('对门邻居空调外机正对我家卧室窗户，夜间噪音大，多次沟通未果。');
      await page.getByTestId('m-other').locator('input').fill('对门邻居');
      await screenshot(page, 'disputes-phone-apply');
      await page.getByTestId('m-submit').click();
      await page.getByTestId('m-state').getByText('待受理').waitFor();
      await screenshot(page, 'disputes-phone-detail');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
