import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, launchBrowser, menuTexts, newPage, screenshot } from '../support/browser';

/**
 * Each demo account signs in to the console and sees the menu its permissions allow, and nothing else
 * (menu items carry the same permission the server checks).
 */
const ADMIN_MENU = ['区域管理', '部门管理', '网格岗位', 'GeoJSON 导入', '用户管理'];
const SECURITY_MENU = ['安全策略', '在线会话', '锁定账户'];
const AUDIT_MENU = ['审计日志'];
const TERRITORY_BROWSE = ['区域管理', '部门管理', '网格岗位'];
const ALL = [...new Set([...ADMIN_MENU, ...SECURITY_MENU, ...AUDIT_MENU])];

interface Case {
  user: string;
  role: string;
  scope: string;
  menu: string[];
}

const CASES: Case[] = [
  { user: 'admin', role: '系统管理员', scope: '示范区', menu: ADMIN_MENU },
  {
    user: 'secadmin',
    role: '安全管理员',
    scope: '示范区',
    menu: [...TERRITORY_BROWSE, '用户管理', ...SECURITY_MENU],
  },
  { user: 'auditor', role: '审计管理员', scope: '示范区', menu: [...TERRITORY_BROWSE, ...AUDIT_MENU] },
  { user: 'leader', role: '政法委领导', scope: '示范区', menu: TERRITORY_BROWSE },
  { user: 'dispatcher', role: '综治中心调度员', scope: '示范区', menu: TERRITORY_BROWSE },
  { user: 'town1', role: '综治中心调度员', scope: '东湖街道', menu: TERRITORY_BROWSE },
  { user: 'town2', role: '综治中心调度员', scope: '临江街道', menu: TERRITORY_BROWSE },
  { user: 'dept', role: '职能部门办理人', scope: '示范区', menu: TERRITORY_BROWSE },
  { user: 'grid', role: '网格员', scope: '东湖街道', menu: TERRITORY_BROWSE },
  { user: 'mediator', role: '调解员', scope: '示范区', menu: TERRITORY_BROWSE },
  { user: 'judge', role: '法官', scope: '示范区', menu: TERRITORY_BROWSE },
  { user: 'corrections', role: '社区矫正工作人员', scope: '示范区', menu: TERRITORY_BROWSE },
  { user: 'resident', role: '群众', scope: '示范区', menu: [] },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('each role sees its own menu', () => {
  for (const c of CASES) {
    it(`${c.user} (${c.role})`, async () => {
      const { context, page, errors } = await newPage(browser);
      try {
        await consoleLogin(page, c.user);
        const menu = await menuTexts(page);
        expect(menu[0]).toBe('首页');
        for (const item of c.menu) expect(menu, `${c.user} should see ${item}`).toContain(item);
        for (const item of ALL.filter((x) => !c.menu.includes(x)))
          expect(menu, `${c.user} should not see ${item}`).not.toContain(item);
        expect(await page.getByTestId('home-role').allInnerTexts()).toContain(c.role);
        expect(await page.getByTestId('home-scope').innerText()).toContain(c.scope);
        // The home page's shortcuts are the same items as the menu.
        if (c.menu.length) {
          const shortcuts = await page.getByTestId('home-shortcuts').innerText();
          for (const item of c.menu) expect(shortcuts).toContain(item);
        } else {
          await expect(page.getByText('打开手机端').first().isVisible()).resolves.toBe(true);
        }
        await screenshot(page, `home-${c.user}`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('a page outside the role is refused, and the server agrees', async () => {
    const { context, page } = await newPage(browser);
    try {
      await consoleLogin(page, 'auditor');
      await page.goto('/system/users');
      await page.getByText('您没有访问此页面的权限').waitFor();
      expect(page.url()).toContain('/forbidden');
      const res = await context.request.get('/api/v1/users');
      expect(res.status()).toBe(403);
    } finally {
      await context.close();
    }
  });

  it('a console deep link survives a reload, and an anonymous one goes to login and back', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/audit/logs');
      await page.waitForURL(/\/login\?redirect=/);
      await page.locator('input[name="username"]').fill('auditor');
      await page.locator('input[name="password"]').fill('Fengqiao@2026');
      await page.getByTestId('login-submit').click();
      await page.waitForURL(/\/audit\/logs$/);
      await page.getByTestId('audit-table').waitFor();
      await page.reload();
      await page.getByTestId('audit-table').waitFor();
      expect(new URL(page.url()).pathname).toBe('/audit/logs');
    } finally {
      await context.close();
    }
  });
});
