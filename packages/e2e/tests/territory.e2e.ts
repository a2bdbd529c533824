import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, consoleLogin, launchBrowser, newPage, screenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Routes the server offers (from its OpenAPI document): pages whose API is not there yet are skipped. */
const docs = (await (await fetch(`${baseUrl()}/api/docs`)).json()) as {
  paths: Record<string, Record<string, unknown>>;
};
const has = (method: string, path: string) => Boolean(docs.paths[path]?.[method]);

/** How many distinct colours the map canvas shows: a blank or failed map has one or two. */
async function mapColours(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="region-map"] canvas') as HTMLCanvasElement | null;
    if (!canvas) return 0;
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97)
      seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
}

describe('territory', () => {
  it('the region page draws the children’s boundaries offline, and the admin edits a town', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      await page.goto('/territory/regions');
      await page.getByTestId('region-map').locator('canvas').waitFor();
      await page.waitForFunction(() => !document.querySelector('.fq-region-map__overlay'));
      await expect.poll(() => mapColours(page), { timeout: 10_000 }).toBeGreaterThan(5);
      // Open the district in the tree and pick a town.
      const tree = page.getByTestId('region-tree');
      await tree.getByText('东湖街道', { exact: true }).click();
      await page.getByTestId('region-form').getByText('350199001').waitFor();
      const population = page.getByTestId('region-form').locator('.el-input-number input').first();
      const before = Number(await population.inputValue());
      await population.fill(String(before + 1));
      await population.blur();
      await page.getByTestId('region-save').click();
      await page.getByText('已保存').first().waitFor();
      await page.getByTestId('region-form').getByText('v2').waitFor();
      await expect.poll(() => mapColours(page), { timeout: 10_000 }).toBeGreaterThan(5);
      await screenshot(page, 'regions-admin');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a town user browses only their town, read-only', async () => {
    const { context, page } = await newPage(browser);
    try {
      await consoleLogin(page, 'town1');
      await page.goto('/territory/regions');
      await page.getByTestId('region-tree').getByText('东湖街道', { exact: true }).waitFor();
      expect(await page.getByTestId('region-tree').getByText('临江街道').count()).toBe(0);
      await page.getByText('您只有查看权限').waitFor();
      expect(await page.getByTestId('region-save').count()).toBe(0);
      await expect.poll(() => mapColours(page), { timeout: 10_000 }).toBeGreaterThan(5);
      await screenshot(page, 'regions-town1');
    } finally {
      await context.close();
    }
  });

  it('departments and posts list for everyone with region:read', async () => {
    const { context, page } = await newPage(browser);
    try {
      await consoleLogin(page, 'dispatcher');
      await page.goto('/territory/departments');
      await page
        .getByTestId('departments-table')
        .locator('.el-table__row', { hasText: '区城管局' })
        .waitFor();
      expect(await page.getByTestId('department-create').count()).toBe(0);
      await page.goto('/territory/posts');
      await page
        .getByTestId('posts-table')
        .locator('.el-table__row', { hasText: '网格员' })
        .first()
        .waitFor();
      expect(await page.getByTestId('post-create').count()).toBe(0);
      await screenshot(page, 'posts-dispatcher');
    } finally {
      await context.close();
    }
  });

  it.skipIf(!has('post', '/api/v1/departments'))(
    'the admin creates and deactivates a department',
    async () => {
      const { context, page } = await newPage(browser);
      try {
        await consoleLogin(page, 'admin');
        await page.goto('/territory/departments');
        await page.getByTestId('department-create').click();
        const dialog = page.locator('.el-dialog:visible');
        const inputs = dialog.locator('input.el-input__inner');
        await inputs.nth(0).fill('D90');
        await inputs.nth(1).fill('示范区应急管理局');
        await inputs.nth(2).fill('区应急局');
        await dialog.getByRole('button', { name: '保存' }).click();
        const row = page.getByTestId('departments-table').locator('.el-table__row', { hasText: 'D90' });
        await row.waitFor();
        await row.getByRole('button', { name: '停用' }).click();
        await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
        await row.waitFor({ state: 'detached' });
      } finally {
        await context.close();
      }
    },
  );

  it.skipIf(!has('post', '/api/v1/regions/import'))(
    'GeoJSON import: a bad file is reported and cannot be committed; a good one dry-runs, then commits',
    async () => {
      const { context, page } = await newPage(browser);
      try {
        await consoleLogin(page, 'admin');
        await page.goto('/territory/import');
        const bad = {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { code: '350199001' },
              geometry: { type: 'Point', coordinates: [119.2, 26] },
            },
          ],
        };
        await page.getByTestId('import-file').setInputFiles({
          name: 'bad.geojson',
          mimeType: 'application/geo+json',
          buffer: Buffer.from(JSON.stringify(bad)),
        });
        await page.getByTestId('import-dry-run').click();
        const report = page.getByTestId('import-report');
        await report.getByText('缺少名称').waitFor();
        expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
        await screenshot(page, 'import-report-errors');

        // A good file: 东湖街道 with its current boundary and a new name.
        const town = await (await context.request.get('/api/v1/regions/2')).json();
        const good = {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { code: town.code, name: `${town.name}（新）` },
              geometry: town.boundary,
            },
          ],
        };
        await page.getByTestId('import-file').setInputFiles({
          name: 'donghu.geojson',
          mimeType: 'application/geo+json',
          buffer: Buffer.from(JSON.stringify(good)),
        });
        expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
        await page.getByTestId('import-dry-run').click();
        await report.getByText('校验通过').waitFor();
        await page.getByTestId('import-commit').click();
        await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
        await page.getByText('导入完成').first().waitFor();
        await screenshot(page, 'import-committed');
        const after = await (await context.request.get('/api/v1/regions/2')).json();
        expect(after.name).toBe(`${town.name}（新）`);
      } finally {
        await context.close();
      }
    },
  );
  it.skipIf(!has('post', '/api/v1/posts'))('the admin appoints a grid worker and ends the post', async () => {
    const { context, page } = await newPage(browser);
    try {
      await consoleLogin(page, 'admin');
      const grids = await (await context.request.get('/api/v1/regions/tree?depth=4')).json();
      const grid = grids.items.find((r: { level: string }) => r.level === 'grid');
      await page.goto('/territory/posts');
      await page.getByTestId('posts-table').locator('.el-table__row').first().waitFor();
      await page.getByTestId('post-create').click();
      const dialog = page.getByTestId('post-dialog');
      // Choose the grid through the cascader: district → town → community → grid.
      await dialog.locator('.el-cascader').click();
      const dropdown = page.locator('.el-cascader__dropdown:visible');
      const chain = (await (await context.request.get(`/api/v1/regions/${grid.id}`)).json()).chain as {
        name: string;
      }[];
      for (const c of chain.slice(0, -1))
        await dropdown.locator('.el-cascader-node', { hasText: c.name }).first().click();
      await dropdown
        .locator('.el-cascader-node', { hasText: chain.at(-1)!.name })
        .locator('.el-radio')
        .click();
      await page.keyboard.press('Escape');
      await dialog.locator('input[name="personName"]').fill('测试网格员');
      await dialog.locator('input[name="phone"]').fill('13800001111');
      await page.getByTestId('post-save').click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByTestId('posts-table').locator('.el-table__row', { hasText: '测试网格员' });
      await page.getByTestId('posts-filter-q').fill('测试网格员');
      await row.waitFor();
      expect(await row.innerText()).toContain('138****1111');
      await row.getByRole('button', { name: '结束岗位' }).click();
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
      await row.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});
