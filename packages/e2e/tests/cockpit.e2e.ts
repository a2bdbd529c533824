import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, consoleLogin, launchBrowser, newPage, screenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Distinct colours on the map canvas: a blank or failed map shows one or two. */
async function mapColours(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="cockpit-map"] canvas') as HTMLCanvasElement | null;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97)
      seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
}

/** Clicks the map at a region's centre (the map tells where that is on its canvas). */
async function clickRegion(page: Page, name: string) {
  const point = await page.evaluate(
    (n) => (window as { __cockpitMapPoint?: (n: string) => number[] | null }).__cockpitMapPoint?.(n) ?? null,
    name,
  );
  if (!point) throw new Error(`region ${name} not on the map`);
  const box = await page.getByTestId('cockpit-map').boundingBox();
  await page.mouse.click(box!.x + point[0]!, box!.y + point[1]!);
}

describe('cockpit', () => {
  it('the leader opens the wall, drills into a town and back up; the town user sees only the town', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await consoleLogin(page, 'leader');
      await page.goto('/cockpit');
      await page.waitForFunction(() => (window as { __cockpitReady?: boolean }).__cockpitReady === true);
      await expect.poll(() => mapColours(page), { timeout: 10_000 }).toBeGreaterThan(5);
      const crumbs = page.getByTestId('cockpit-crumbs');
      await crumbs.getByText('示范区').waitFor();
      await screenshot(page, 'cockpit-wall');
      // Town 1 by its code (other journeys may rename it).
      await clickRegion(page, '350199001');
      await expect.poll(() => crumbs.locator('a, strong').count()).toBe(2);
      await page.getByText('村社').first().waitFor();
      await expect.poll(() => mapColours(page), { timeout: 10_000 }).toBeGreaterThan(5);
      await screenshot(page, 'cockpit-wall-town');

      // A dispatcher of town 1 reports an event: it appears in the wall's live feed without a reload.
      const town = await newPage(browser);
      try {
        const login = await apiLogin(town.context, 'town1');
        const tree = await (await town.context.request.get('/api/v1/regions/tree?depth=3')).json();
        const grid = (tree.items as { level: string; centroid: [number, number] | null }[]).find(
          (r) => r.level === 'grid' && r.centroid,
        )!;
        const res = await town.context.request.post('/api/v1/events', {
          headers: { 'x-csrf-token': login.csrfToken },
          data: {
            categoryCode: '0301',
            description: '大屏直播测试：夜间施工噪声扰民',
            lng: grid.centroid![0],
            lat: grid.centroid![1],
          },
        });
        expect(res.status()).toBe(201);
      } finally {
        await town.context.close();
      }
      const feed = page.getByTestId('cockpit-feed');
      await feed.getByText('大屏直播测试：夜间施工噪声扰民').waitFor({ timeout: 15_000 });
      await feed.locator('li.is-fresh').first().waitFor();
      await screenshot(page, 'cockpit-wall-live');
      await crumbs.getByText('示范区').click();
      await expect.poll(() => crumbs.innerText()).toBe('示范区');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    const town = await newPage(browser);
    try {
      await consoleLogin(town.page, 'town1');
      await town.page.goto('/cockpit/console');
      await town.page.getByTestId('cockpit-console').waitFor();
      const townCrumbs = town.page.getByTestId('cockpit-crumbs');
      await townCrumbs.locator('strong').waitFor();
      expect(await townCrumbs.innerText()).toContain('东湖街道');
      expect(await townCrumbs.innerText()).not.toContain('示范区');
      await screenshot(town.page, 'cockpit-console-town');
      expect(town.errors).toEqual([]);
    } finally {
      await town.context.close();
    }
  });
});
