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

/** A number shown on the wall or the console (grouped digits, or — for none). */
async function shown(page: Page, testId: string): Promise<number | null> {
  const text = (await page.getByTestId(testId).locator('b').innerText()).replace(/[^\d]/g, '');
  return text === '' ? null : Number(text);
}

describe('cockpit', () => {
  it('the leader opens the wall, drills into a town and back up; the town user sees only the town', async () => {
    // A dispute registered today in town 1, so the dispute widget has something to draw.
    const setup = await newPage(browser);
    let townGrid: { id: number; path: string; centroid: [number, number] };
    try {
      const login = await apiLogin(setup.context, 'town1');
      const tree = await (await setup.context.request.get('/api/v1/regions/tree?depth=3')).json();
      townGrid = (tree.items as { id: number; level: string; centroid: [number, number] | null }[]).find(
        (r) => r.level === 'grid' && r.centroid,
      ) as typeof townGrid;
      const res = await setup.context.request.post('/api/v1/disputes', {
        headers: { 'x-csrf-token': login.csrfToken },
        data: {
          title: '大屏测试：邻里噪声纠纷',
          type: 'neighbour',
          source: 'walkIn',
          facts: '楼上夜间噪声，双方争执。',
          regionId: townGrid.id,
          parties: [
            { kind: 'person', role: '申请人', name: '王一', phone: '13800138011' },
            { kind: 'person', role: '被申请人', name: '赵二', phone: '13800138012' },
          ],
        },
      });
      expect(res.status()).toBe(201);
    } finally {
      await setup.context.close();
    }

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
      await expect.poll(() => crumbs.locator('a, strong').count(), { timeout: 15_000 }).toBe(2);
      await page.getByText('村社').first().waitFor();
      await expect.poll(() => mapColours(page), { timeout: 10_000 }).toBeGreaterThan(5);
      // The dispute widget is wired: the counter counts today's dispute and the chart by type is drawn.
      expect(await shown(page, 'counter-disputes')).toBeGreaterThanOrEqual(1);
      await page.getByTestId('cockpit-disputes').locator('canvas').first().waitFor();
      await screenshot(page, 'cockpit-wall-town');
      const intakeBefore = (await shown(page, 'counter-intakeToday')) ?? 0;

      // A dispatcher of town 1 reports an event: it appears in the wall's live feed without a reload.
      const town = await newPage(browser);
      try {
        const login = await apiLogin(town.context, 'town1');
        const grid = townGrid;
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
      // The kept counters moved with it: today's intake on the wall is one more, without a reload.
      await expect.poll(() => shown(page, 'counter-intakeToday'), { timeout: 15_000 }).toBe(intakeBefore + 1);
      await screenshot(page, 'cockpit-wall-live');

      // Down to the grid of the live event: its community, then the grid; the whole screen follows. The
      // event bubbles sit on the grids' centres (clicking one drills into the grid under it): off while
      // clicking the centre of this very grid.
      const codes = townGrid!.path.split('.');
      await clickRegion(page, codes[2]!);
      await expect.poll(() => crumbs.locator('a, strong').count(), { timeout: 15_000 }).toBe(3);
      await page.getByTestId('layer-points').uncheck();
      await clickRegion(page, codes[3]!);
      await expect.poll(() => crumbs.locator('a, strong').count(), { timeout: 15_000 }).toBe(4);
      await page.getByTestId('layer-points').check();
      await expect.poll(() => mapColours(page), { timeout: 10_000 }).toBeGreaterThan(5);
      await page.getByTestId('cockpit-categories').locator('canvas').first().waitFor();
      await screenshot(page, 'cockpit-wall-grid');

      await crumbs.getByText('示范区').click();
      await expect.poll(() => crumbs.innerText()).toBe('示范区');
      // The wall in English (the button in the header), then back to Chinese.
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.getByText('Top categories').first().waitFor();
      await expect.poll(() => mapColours(page), { timeout: 10_000 }).toBeGreaterThan(5);
      await screenshot(page, 'cockpit-wall-en');
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await page.getByText('枫桥 · 市域社会治理驾驶舱').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // The console page of the same cockpit, as the district leader.
    const lead = await newPage(browser);
    try {
      await consoleLogin(lead.page, 'leader');
      await lead.page.goto('/cockpit/console');
      await lead.page.getByTestId('cockpit-console').waitFor();
      await lead.page.getByTestId('cockpit-crumbs').getByText('示范区').waitFor();
      await lead.page.getByTestId('cockpit-disputes').locator('canvas').first().waitFor();
      await expect.poll(() => mapColours(lead.page), { timeout: 10_000 }).toBeGreaterThan(5);
      await screenshot(lead.page, 'cockpit-console');
      expect(lead.errors).toEqual([]);
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
      // Only the town's numbers: the tiles show what the API gives the town user (the town's summary).
      const townApi = await (await town.context.request.get('/api/v1/cockpit/summary')).json();
      await expect
        .poll(() => shown(town.page, 'tile-counters.intakeToday'))
        .toBe(townApi.events.today.intake);
      expect(await shown(town.page, 'tile-counters.disputes')).toBe(townApi.disputes.period.intake);
      expect(townApi.region.level).toBe('town');
      await town.page.getByTestId('cockpit-disputes').locator('canvas').first().waitFor();
      await screenshot(town.page, 'cockpit-console-town');
      expect(town.errors).toEqual([]);
    } finally {
      await town.context.close();
    }
  });
});
