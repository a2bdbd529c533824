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
    'GeoJSON import: dry run shows the report, then commit',
    async () => {
      const { context, page } = await newPage(browser);
      try {
        await consoleLogin(page, 'admin');
        await page.goto('/territory/import');
        const ring = [
          [119.2, 26.0],
          [119.2005, 26.0],
          [119.2005, 26.0005],
          [119.2, 26.0005],
          [119.2, 26.0],
        ];
        const fc = {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { code: 'not-a-code', name: '坏要素' },
              geometry: { type: 'Polygon', coordinates: [ring] },
            },
          ],
        };
        await page.getByTestId('import-file').setInputFiles({
          name: 'bad.geojson',
          mimeType: 'application/geo+json',
          buffer: Buffer.from(JSON.stringify(fc)),
        });
        await page.getByTestId('import-dry-run').click();
        await page.getByTestId('import-report').waitFor();
        expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
        await screenshot(page, 'import-report');
      } finally {
        await context.close();
      }
    },
  );
});
