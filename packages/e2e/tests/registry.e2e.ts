import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, fillLogin, launchBrowser, newPage, screenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('registry (一标三实)', () => {
  it('the town dispatcher imports a CSV with bad rows, finds a person, opens the 360 view and unmasks with a reason', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'town1');
      await page.goto('/registry/import');
      const csv = [
        '姓名,身份证号,联系电话,人口类型,居住地址,工作单位',
        '沈浏览,11010519491231002X,13812340001,户籍,东湖街道东湖路1号1栋1单元101室,',
        '错校验,110105194912310021,13812340002,户籍,东湖街道东湖路1号1栋1单元102室,',
        '无地址,440524188001010014,,流动,月亮街1号,',
      ].join('\r\n');
      const file = join(tmpdir(), `registry-e2e-${Date.now()}.csv`);
      writeFileSync(file, csv);
      await page.getByTestId('registry-import-file').setInputFiles(file);
      const summary = page.getByTestId('registry-import-summary');
      await summary.getByText('拒绝 2').waitFor();
      expect(await summary.innerText()).toContain('新增 1');
      await page.getByTestId('registry-import-issues').getByText('身份证号校验位错误').waitFor();
      await screenshot(page, 'registry-import');
      // The rejected rows as a file Excel opens: BOM, zh-CN header, one line per reason.
      const href = await page.getByTestId('registry-import-download').getAttribute('href');
      const download = await page.request.get(href!);
      expect(download.status()).toBe(200);
      const text = await download.text();
      expect(text.startsWith('\ufeff行号,列,级别,原因')).toBe(true);
      expect(text).toContain('身份证号校验位错误');
      expect(text).toContain('匹配不到标准地址');

      await page.goto('/registry/people');
      await page.getByTestId('people-q').fill('沈浏览');
      await page.getByTestId('people-search').click();
      const row = page.getByTestId('people-table').locator('.el-table__row', { hasText: '沈浏览' });
      await row.waitFor();
      expect(await row.innerText()).toContain('110105**********2X');
      await screenshot(page, 'registry-people');
      await row.getByRole('button', { name: '360' }).click();
      await page.getByTestId('person-360').waitFor();
      await page.getByTestId('unmask-id').click();
      await page.getByTestId('unmask-reason').fill('入户核查');
      await page.getByTestId('unmask-submit').click();
      await page.getByTestId('p360-id').getByText('11010519491231002X').waitFor();
      // Events and disputes the person appears in are listed (none yet for this new person).
      await page.getByTestId('p360-events').waitFor();
      await page.getByTestId('p360-disputes').waitFor();
      await page.waitForTimeout(400);
      await screenshot(page, 'registry-person-360');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the town dispatcher finds a standard address written another way, sees its code and grid on the map, and walks the tree', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'town1');
      await page.goto('/registry/addresses');
      // Full-width digits and 幢 instead of 栋: the matcher normalises them to the standard address.
      await page.getByTestId('address-q').fill('东湖路１号１幢１单元１０１');
      await page.getByTestId('address-match').click();
      const detail = page.getByTestId('address-detail');
      await detail.getByTestId('address-full').getByText('东湖路1号1栋1单元101室').waitFor();
      expect(await detail.getByTestId('address-code').innerText()).toMatch(/^\d+/);
      await detail.getByTestId('address-grid').getByText('网格').waitFor();
      await detail.getByTestId('region-map').waitFor();
      // The tree, one level at a time: the first road opens on its door numbers.
      const tree = page.getByTestId('address-tree');
      await tree.locator('.el-tree-node').first().waitFor();
      await tree.locator('.el-tree-node__expand-icon').first().click();
      await tree.locator('.el-tree-node__children .el-tree-node').first().waitFor();
      await page.waitForTimeout(500);
      await screenshot(page, 'registry-addresses');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      await page.getByText('Standard addresses', { exact: false }).first().waitFor();
      await detail.getByTestId('region-map').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await screenshot(page, 'registry-addresses-en');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('every registry page in English: people, 360, houses, organisations, import (addresses too), special populations', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'town1');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      await page.goto('/registry/people');
      const row = page.getByTestId('people-table').locator('.el-table__row').first();
      await row.waitFor();
      await screenshot(page, 'registry-people-en');
      await row.getByRole('button', { name: '360' }).click();
      await page.getByTestId('person-360').waitFor();
      await page.getByTestId('p360-events').waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, 'registry-person-360-en');
      await page.goto('/registry/houses');
      await page.getByTestId('houses-table').locator('.el-table__row').first().waitFor();
      await screenshot(page, 'registry-houses-en');
      await page.goto('/registry/orgs');
      await page.getByTestId('orgs-table').locator('.el-table__row').first().waitFor();
      await screenshot(page, 'registry-orgs-en');
      await page.goto('/registry/import');
      await page.getByTestId('import-entity').getByText('Standard addresses').click();
      await screenshot(page, 'registry-import-en');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the corrections officer sees special populations with visits due; houses and organisations list', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'corrections');
      await page.goto('/registry/special');
      await page.getByTestId('special-table').locator('.el-table__row').first().waitFor();
      await screenshot(page, 'registry-special');
      await page.goto('/registry/orgs');
      await page.getByTestId('orgs-table').locator('.el-table__row').first().waitFor();
      await screenshot(page, 'registry-orgs');
      await page.goto('/registry/houses');
      await page.getByTestId('houses-table').locator('.el-table__row').first().waitFor();
      await screenshot(page, 'registry-houses');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('switch-language').click();
      await page.goto('/registry/special');
      await page.getByTestId('special-table').locator('.el-table__row').first().waitFor();
      await screenshot(page, 'registry-special-en');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the grid worker sees visits due on the phone and records one with an anomaly reported as an event', async () => {
    const { context, page, errors } = await newPage(browser, { phone: true });
    try {
      await context.grantPermissions(['geolocation']);
      await context.setGeolocation({ longitude: 119.2215, latitude: 26.1185 });
      await page.goto('/m/login');
      await fillLogin(page, 'grid', 'Fengqiao@2026');
      await page.getByTestId('m-user-name').waitFor();
      await page.goto('/m/visits');
      const first = page.getByTestId('visits-due').locator('.van-cell').first();
      await first.waitFor();
      await screenshot(page, 'registry-phone-visits');
      await first.click();
      await page
        .getByTestId('visit-findings')
        .locator('textarea')
        .fill('本人在家，情绪稳定，但反映近期与邻居有矛盾。');
      await page.getByTestId('visit-gps').getByText('119.2215').waitFor();
      await page.getByTestId('visit-anomaly').click();
      await screenshot(page, 'registry-phone-visit-form');
      await page.getByTestId('visit-submit').click();
      await page.waitForURL(/\/m\/visits/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
