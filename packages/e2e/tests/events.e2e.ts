import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, consoleLogin, fillLogin, launchBrowser, newPage, screenshot } from '../support/browser';

let browser: Browser;
let photoPath: string;
beforeAll(async () => {
  browser = await launchBrowser();
  // A real PNG for the photo pickers.
  photoPath = join(tmpdir(), `fq-scene-${process.pid}.png`);
  writeFileSync(
    photoPath,
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#5a8' } })
      .png()
      .toBuffer(),
  );
});
afterAll(async () => {
  await browser?.close();
});

/** A point inside the grid worker's own grid (the server's locate answers for it). */
async function gridPoint(context: import('playwright-core').BrowserContext) {
  const me = await (await context.request.get('/api/v1/me')).json();
  const r = await (await context.request.get(`/api/v1/regions/${me.scope.regionId}`)).json();
  return { lng: Number(r.centroid[0].toFixed(6)), lat: Number(r.centroid[1].toFixed(6)) };
}

describe('events: phone report → dispatch workbench → department inbox', () => {
  it('the grid worker reports with a photo (also offline), the dispatcher accepts and dispatches, the department sees it', async () => {
    const phone = await newPage(browser, { phone: true });
    let ref = '';
    try {
      const { page, context } = phone;
      await page.goto('/m/login');
      await fillLogin(page, 'grid', 'Fengqiao@2026');
      await page.getByTestId('m-entries').getByText('事件上报').click();
      const p = await gridPoint(context);
      await page.getByTestId('m-category').click();
      await page.locator('.van-cascader').getByText('宣传广告', { exact: true }).click();
      await page.locator('.van-cascader').getByText('非法小广告', { exact: true }).click();
      await page.getByTestId('m-description').locator('textarea').fill('东湖路公交站牌贴满非法小广告');
      await page.getByTestId('m-address').locator('input').fill('东湖路公交站');
      await page.getByTestId('m-lng').locator('input').fill(String(p.lng));
      await page.getByTestId('m-lat').locator('input').fill(String(p.lat));
      await page.getByTestId('m-photos').locator('input[type=file]').setInputFiles(photoPath);
      await page.locator('.van-uploader__preview').first().waitFor();
      await screenshot(page, 'phone-event-report');
      const sent = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/events') && r.request().method() === 'POST',
      );
      await page.getByTestId('m-submit').click();
      const res = await sent;
      expect(res.status()).toBe(201);
      expect(res.request().headers()['idempotency-key']).toMatch(/^ev-/);
      ref = (await res.json()).event.ref;
      await page.waitForURL(/\/m\/events\/mine/);
      await page.getByText('东湖路公交站牌贴满非法小广告').first().waitFor();
      await screenshot(page, 'phone-event-mine');

      // Offline: the report waits in the queue with its photo, and goes out when the network returns.
      const cats = page.waitForResponse((r) => r.url().endsWith('/api/v1/event-categories'));
      await page.goto('/m/events/report');
      await cats;
      await context.setOffline(true);
      await page.getByTestId('m-category').click();
      await page.locator('.van-cascader').getByText('矛盾纠纷线索', { exact: true }).click();
      await page.getByTestId('m-description').locator('textarea').fill('离线时发现的邻里纠纷线索');
      await page.getByTestId('m-lng').locator('input').fill(String(p.lng));
      await page.getByTestId('m-lat').locator('input').fill(String(p.lat));
      await page.getByTestId('m-photos').locator('input[type=file]').setInputFiles(photoPath);
      await page.getByTestId('m-submit').click();
      await page.waitForURL(/\/m\/events\/mine/);
      await page.getByRole('tab', { name: /离线待发/ }).click();
      await page.getByTestId('m-queued').getByText('离线时发现的邻里纠纷线索').waitFor();
      await screenshot(page, 'phone-event-offline-queue');
      const flushed = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/events') && r.request().method() === 'POST',
      );
      await context.setOffline(false);
      expect((await flushed).status()).toBe(201);
      await page
        .getByRole('button', { name: '立即发送' })
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }

    const desk = await newPage(browser);
    try {
      const { page } = desk;
      await consoleLogin(page, 'town1');
      await page.goto('/events/workbench');
      const queue = page.getByTestId('event-queue');
      const row = queue.locator('.el-table__row', { hasText: ref });
      await row.waitFor();
      await page.getByTestId('event-map').locator('canvas').first().waitFor();
      await row.locator('.el-checkbox').click();
      await page.getByTestId('bulk-bar').waitFor();
      await screenshot(page, 'events-workbench');
      // The queue fits its half of the page at the common desktop widths, in both languages: no column
      // (the report time is the last) runs past the table's right edge.
      const fits = async (width: number, height: number, name: string) => {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(300); // el-table re-lays its columns on a resize observer
        const box = await queue.boundingBox();
        const time = await queue.locator('.el-table__header th').last().boundingBox();
        const scroll = await queue
          .locator('.el-table__body-wrapper .el-scrollbar__wrap')
          .evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(time!.x + time!.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
        expect(scroll).toBeLessThanOrEqual(1);
        expect(await row.getByTestId('created-at').innerText()).toMatch(/^\d{2}-\d{2} \d{2}:\d{2}$/);
        await screenshot(page, name);
      };
      await fits(1366, 768, 'events-workbench-1366');
      await fits(1920, 1080, 'events-workbench-1920');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      await queue.locator('.el-table__header').getByText('Reported', { exact: true }).waitFor();
      await fits(1366, 768, 'events-workbench-1366-en');
      await fits(1920, 1080, 'events-workbench-1920-en');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      await queue.locator('.el-table__header').getByText('上报时间', { exact: true }).waitFor();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByTestId('bulk-accept').click();
      await row.getByText('已立案待派遣').waitFor();
      await row.locator('td').nth(2).click();
      const drawer = page.getByTestId('event-drawer');
      await drawer.getByTestId('dispatch-form').waitFor();
      await drawer.getByTestId('dispatch-btn').click();
      await drawer.getByTestId('event-state').getByText('已派遣待签收').waitFor();
      await drawer.getByTestId('event-timeline').getByText('派遣').first().waitFor();
      await screenshot(page, 'events-drawer');
      expect(desk.errors).toEqual([]);
    } finally {
      await desk.context.close();
    }

    const dept = await newPage(browser);
    try {
      const { page } = dept;
      await consoleLogin(page, 'dept');
      await page.goto('/events/inbox');
      await page.getByTestId('inbox-table').getByText(ref).click();
      await page.getByTestId('event-drawer').getByRole('button', { name: '签收' }).waitFor();
      await screenshot(page, 'events-inbox');
      expect(dept.errors).toEqual([]);
    } finally {
      await dept.context.close();
    }
  }, 180_000); // three pages, two languages and three window sizes

  it('statistics page shows the indicators and offers the Excel export', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'dispatcher');
      await page.goto('/events/stats');
      await page.getByTestId('stats-table').getByText('合计').waitFor();
      await page.getByTestId('stats-group').getByText('类别').click();
      await page.getByTestId('stats-table').getByText('非法小广告').waitFor();
      const href = await page.getByTestId('stats-export').getAttribute('href');
      expect(href).toContain('/api/v1/events/stats.xlsx');
      const x = await context.request.get(href!);
      expect(x.headers()['content-type']).toContain('spreadsheetml');
      await screenshot(page, 'events-stats');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a resident without an account reports, gets a tracking code and follows it', async () => {
    const { context, page, errors } = await newPage(browser, { phone: true });
    try {
      // The point comes from a grid worker's session; then the cookies go and the resident is anonymous.
      await apiLogin(context, 'grid');
      const p = await gridPoint(context);
      await context.clearCookies();
      await page.goto('/m/events/public');
      await page.getByTestId('m-name').locator('input').fill('陈女士');
      await page.getByTestId('m-phone').locator('input').fill('13912345678');
      await page.getByTestId('m-category').click();
      await page.locator('.van-cascader').getByText('求助', { exact: true }).click();
      await page.getByTestId('m-description').locator('textarea').fill('楼道灯坏了很久，老人夜里出行不便');
      await page.getByTestId('m-lng').locator('input').fill(String(p.lng));
      await page.getByTestId('m-lat').locator('input').fill(String(p.lat));
      await page.getByTestId('m-photos').locator('input[type=file]').setInputFiles(photoPath);
      await page.locator('.van-uploader__preview').first().waitFor();
      await screenshot(page, 'phone-event-public');
      const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/public/event-photos'));
      const filed = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/public/events') && r.request().method() === 'POST',
      );
      await page.getByTestId('m-submit').click();
      expect((await uploaded).status()).toBe(201);
      const report = await filed;
      expect(report.status()).toBe(201);
      expect(report.request().postDataJSON().photos).toHaveLength(1);
      expect(report.request().headers()['idempotency-key']).toMatch(/^ev-/);
      const notice = page.getByTestId('m-tracking');
      await notice.waitFor();
      const code = /[A-Z2-9]{10}/.exec(await notice.innerText())![0];
      await page.goto(`/m/events/track?code=${code}`);
      await page.getByTestId('m-phone').locator('input').fill('13912345678');
      await page.getByTestId('m-lookup').click();
      await page.getByTestId('m-state').getByText('待受理').waitFor();
      await screenshot(page, 'phone-event-track');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the administrator limits a routing rule to a region picked by name, and the list shows names, not paths', async () => {
    const { page, errors, context } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      await page.goto('/events/rules');
      const table = page.getByTestId('rules-table');
      await table.waitFor(); // the demo district starts with no rules
      await page.getByTestId('rule-create').click();
      await page.getByTestId('rule-name').fill('东湖街道的井盖');
      await page.getByTestId('rule-region-picker').locator('.el-cascader').click();
      const cascade = page.locator('.el-cascader__dropdown:visible');
      await cascade.locator('.el-cascader-menu').first().locator('.el-cascader-node').first().click();
      await cascade.locator('.el-cascader-node', { hasText: '东湖街道' }).locator('.el-radio').click();
      await page.locator('.el-dialog__title:visible').click(); // close the dropdown, keep the dialog
      await page.getByTestId('rule-department').locator('.el-select').click();
      await page.locator('.el-select-dropdown__item:visible').first().click();
      await screenshot(page, 'events-rules-dialog');
      await page.getByTestId('rule-save').click();
      const row = table.locator('.el-table__row', { hasText: '东湖街道的井盖' });
      await row.getByTestId('rule-region').getByText('东湖街道').waitFor();
      expect(await table.innerText()).not.toMatch(/\d{6}\.\d{3}/); // no raw region path anywhere
      await screenshot(page, 'events-rules');
      // Editing shows the same region in the picker; saving unchanged keeps it.
      await row.getByRole('button', { name: '编辑' }).click();
      const picked = page.getByTestId('rule-region-picker').locator('input');
      await expect.poll(() => picked.inputValue()).toContain('东湖街道');
      await page.getByTestId('rule-save').click();
      await page.getByTestId('rule-save').waitFor({ state: 'hidden' });
      const rules = await (await context.request.get('/api/v1/event-routing-rules')).json();
      const saved = rules.find((r: { name: string }) => r.name === '东湖街道的井盖');
      expect(saved.region.name).toBe('东湖街道');
      expect(saved.regionPath).toMatch(/^\d+\.\d+$/);
      // The same list in English on a wide screen: headers, the region's name, the department.
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      await table.locator('.el-table__header').getByText('Department', { exact: true }).waitFor();
      await row.getByTestId('rule-region').getByText('东湖街道').waitFor();
      await screenshot(page, 'events-rules-1920-en');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the administrator adds a category to the catalogue, and residents can report under it at once', async () => {
    const { page, errors, context } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      await page.goto('/events/catalogue');
      const table = page.getByTestId('categories-table');
      await table.getByText('私搭乱建').waitFor();
      await page.getByTestId('category-create').click();
      const dialog = page.locator('.el-dialog').filter({ has: page.getByTestId('category-code') });
      await dialog.locator('.el-select').first().click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '01 市容环境' }).click();
      await page.getByTestId('category-code').fill('0107');
      await page.getByTestId('category-name').fill('乱堆物堆料');
      await page.getByTestId('category-name-en').fill('Goods piled in public');
      await page.getByTestId('category-accept').fill('道路、广场等公共场所堆放物料');
      await page.getByTestId('category-close').fill('物料已清走，现场恢复整洁');
      await page.getByTestId('category-photo').click();
      await screenshot(page, 'events-catalogue-dialog');
      await page.getByTestId('category-save').click();
      await table.getByText('乱堆物堆料').waitFor();
      // A wrong code is refused with the catalogue's own message.
      await page.getByTestId('category-create').click();
      await page.getByTestId('category-code').fill('x');
      await page.getByTestId('category-name').fill('错误编码');
      await page.getByTestId('category-name-en').fill('Wrong code');
      await page.getByTestId('category-accept').fill('测试');
      await page.getByTestId('category-close').fill('测试');
      await page.getByTestId('category-save').click();
      await page.getByTestId('category-error').getByText('类别编码').waitFor();
      await dialog.getByRole('button', { name: '取消' }).click();
      await screenshot(page, 'events-catalogue');
      const cats = await (await context.request.get('/api/v1/event-categories')).json();
      expect(cats.find((c: { code: string }) => c.code === '0107')).toMatchObject({
        nameEn: 'Goods piled in public',
        photoRequired: true,
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
