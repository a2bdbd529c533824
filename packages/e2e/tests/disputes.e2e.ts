import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, consoleLogin, fillLogin, launchBrowser, newPage, screenshot } from '../support/browser';

/**
 * Dispute journeys (issue #5): the mediator drafts the agreement, the parties sign it by hand (tablet and
 * phone link), the seal settles it, and the applicants sign the judicial confirmation application; the judge accepts and confirms it; the registry, screening, statistics and the
 * resident's phone pages render. Screenshots go to packages/e2e/screenshots/disputes-*.png.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Draws a signature-like scrawl on a canvas with the mouse (pointer events, as a stylus would). */
async function signOnCanvas(page: Page, canvas: Locator, seed: number) {
  await canvas.waitFor();
  // Mouse coordinates are the viewport's: bring the pad into view first (the phone page is long).
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const y = (i: number) => box.y + box.height * (0.35 + ((i * 7 + seed * 3) % 5) / 10);
  await page.mouse.move(box.x + 30, y(0));
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 30 + i * (box.width / 14), y(i), { steps: 4 });
  await page.mouse.up();
  await page.mouse.move(box.x + 60, box.y + box.height * 0.75);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.25, { steps: 8 });
  await page.mouse.up();
}

/** The newest one-time signing link the server texted (through the journeys' SMS sink). */
async function textedLink(): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const messages = (await (await fetch(`${inject('smsSinkUrl')}/messages`)).json()) as { text: string }[];
    const hit = messages
      .map((m) => /https?:\/\/\S+\/m\/sign\/[A-Za-z0-9_-]+/.exec(m.text)?.[0])
      .filter(Boolean)
      .at(-1);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error('no signing link was texted');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const dateInput = (page: Page, testId: string) =>
  page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

// The signing journey draws on three canvases and two pages: it gets more than the default minute.
describe('disputes', () => {
  it('the mediator drafts the 人民调解协议书, the parties sign on the tablet and on the phone, the seal settles it, the applicants sign the confirmation application', async () => {
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
      await page.getByTestId('dispute-oral').click();
      await page.getByTestId('dispute-dialog').getByText('人民调解法第二十八条').waitFor();
      await screenshot(page, 'disputes-oral-dialog');
      await page.keyboard.press('Escape');
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
      const panel = page.getByTestId('signing-agreement');
      await panel.getByText('待签署').waitFor();
      // The applicant signs by hand on the mediator's tablet.
      await panel.locator('[data-testid^="tablet-"]').first().click();
      await signOnCanvas(page, page.getByTestId('sign-dialog').getByTestId('signature-canvas'), 1);
      await screenshot(page, 'disputes-sign-tablet');
      await page.getByTestId('sign-confirm').click();
      await panel.locator('img').first().waitFor();
      // The respondent gets a one-time link by SMS and signs on their own phone.
      await panel.getByRole('button', { name: '短信签名链接' }).first().click();
      const link = await textedLink();
      const phone = await newPage(browser, { phone: true });
      try {
        await phone.page.goto(new URL(link).pathname);
        await phone.page.getByTestId('sign-doc').getByText('人民调解协议书').waitFor();
        await signOnCanvas(phone.page, phone.page.getByTestId('signature-canvas'), 2);
        await phone.page.getByTestId('sign-agree').click();
        await screenshot(phone.page, 'disputes-sign-phone');
        await phone.page.getByTestId('sign-submit').click();
        await phone.page.getByTestId('sign-done').waitFor();
        await screenshot(phone.page, 'disputes-sign-phone-done');
        // The link works once.
        await phone.page.reload();
        await phone.page.getByTestId('sign-invalid').waitFor();
        expect(phone.errors).toEqual([]);
      } finally {
        await phone.context.close();
      }
      // The mediator signs as themself, then seals: the agreement takes effect and the dispute settles.
      await page.reload();
      await panel.locator('[data-testid^="tablet-"]').first().click();
      await signOnCanvas(page, page.getByTestId('sign-dialog').getByTestId('signature-canvas'), 3);
      await page.getByTestId('sign-confirm').click();
      await expect.poll(() => panel.locator('img').count(), { timeout: 15_000 }).toBe(3);
      await screenshot(page, 'disputes-signing-complete');
      await page.getByTestId('finish-agreement').click();
      await page.getByTestId('dispute-state').getByText('调解成功').waitFor();
      await page.getByTestId('agreement-kind').getByText('书面协议').waitFor();
      await page.getByText('人民调解协议书').first().waitFor();
      // The joint confirmation application: both applicants sign on the tablet, then it goes to the court.
      await page.getByTestId('dispute-apply').click();
      await page.getByTestId('dispute-dialog').getByTestId('dialog-submit').click();
      const app = page.getByTestId('signing-application');
      await app.getByText('待签署').waitFor();
      for (const seed of [4, 5]) {
        await app.locator('[data-testid^="tablet-"]').first().click();
        await signOnCanvas(page, page.getByTestId('sign-dialog').getByTestId('signature-canvas'), seed);
        await page.getByTestId('sign-confirm').click();
        await expect.poll(() => app.locator('img').count(), { timeout: 15_000 }).toBe(seed - 3);
      }
      await app.getByTestId('finish-application').click();
      await page.getByText('示范区人民法院').first().waitFor();
      await page.getByText('司法确认申请书').first().waitFor();
      await screenshot(page, 'disputes-detail-settled');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('an oral agreement is written up as a 调解协议书 when a party asks for it, signed and sealed on the tablet', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'mediator2');
      const { csrfToken } = await apiLogin(context, 'mediator2');
      const headers = { 'x-csrf-token': csrfToken };
      await page.goto('/disputes/workbench');
      await page.getByTestId('workbench-table').getByText('赡养费分担纠纷').click();
      await page.getByTestId('dispute-parties').waitFor();
      const id = Number(/\/disputes\/(\d+)/.exec(page.url())![1]);
      // Set up through the API: the mediator confirms and the parties settle orally on the spot.
      const detail = await (await context.request.get(`/api/v1/disputes/${id}`)).json();
      const confirm = await context.request.post(`/api/v1/cases/dispute/${id}/transitions`, {
        headers,
        data: { action: 'confirm', version: detail.version },
      });
      expect(confirm.ok(), await confirm.text()).toBe(true);
      const oral = await context.request.post(`/api/v1/disputes/${id}/oral-agreement`, {
        headers,
        data: {
          place: '村委会调解室',
          startsAt: '2026-11-25T15:00:00+08:00',
          endsAt: '2026-11-25T15:40:00+08:00',
          entries: [{ speaker: '调解员', text: '三兄妹当场协商赡养费分担。' }],
          outcome: '三兄妹按月平均分担母亲赡养费。',
          agreedItems: ['三兄妹自本月起每人每月支付母亲赡养费人民币捌佰元，当场支付本月费用。'],
          waivedBy: detail.parties.map((p: { id: number }) => p.id),
          performedOnTheSpot: true,
        },
      });
      expect(oral.ok(), await oral.text()).toBe(true);
      await page.reload();
      await page.getByTestId('agreement-kind').getByText('口头协议').waitFor();
      // A party later wants the written agreement: the mediator writes it up from the record.
      await page.getByTestId('dispute-to-written').click();
      const dialog = page.getByTestId('dispute-dialog');
      await dialog.getByText('协议内容取自调解笔录所记口头协议').waitFor();
      await dialog.getByTestId('written-issues').fill('母亲赡养费及看护的分担。');
      await dialog.getByTestId('written-resp').fill('三子女对母亲负有同等赡养义务。');
      await screenshot(page, 'disputes-to-written-dialog');
      await dialog.getByTestId('dialog-submit').click();
      const panel = page.getByTestId('signing-agreement');
      await panel.getByText('待签署').waitFor();
      const signers = await panel.locator('[data-testid^="tablet-"]').count();
      for (let i = 0; i < signers; i++) {
        await panel.locator('[data-testid^="tablet-"]').first().click();
        await signOnCanvas(page, page.getByTestId('sign-dialog').getByTestId('signature-canvas'), 10 + i);
        await page.getByTestId('sign-confirm').click();
        await expect.poll(() => panel.locator('img').count(), { timeout: 15_000 }).toBe(i + 1);
      }
      await page.getByTestId('finish-agreement').click();
      await page.getByTestId('agreement-kind').getByText('书面协议').waitFor();
      await page.getByTestId('dispute-apply').waitFor();
      await screenshot(page, 'disputes-written-from-oral');
      const after = await (await context.request.get(`/api/v1/disputes/${id}`)).json();
      expect(after).toMatchObject({ state: 'settled', agreementKind: 'written' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

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
