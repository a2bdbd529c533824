import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, launchBrowser, newPage, screenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('document verification page (the QR code target)', () => {
  it('anyone can check a document and a copy of it, without signing in', async () => {
    // A mediator issues a 告知书 on a community.
    const staff = await newPage(browser);
    let code = '';
    let pdfPath = '';
    let docId = 0;
    let csrf = '';
    try {
      const login = await apiLogin(staff.context, 'mediator');
      csrf = login.csrfToken;
      const regions = await (
        await staff.context.request.get('/api/v1/regions/search?q=%E6%B5%B7%E6%A3%A0')
      ).json();
      const res = await staff.context.request.post('/api/v1/documents', {
        headers: { 'x-csrf-token': csrf },
        data: {
          template: 'notice',
          subjectType: 'region',
          subjectId: regions.items[0].id,
          data: {
            recipient: '海棠社区居民',
            subject: '电动自行车入户充电安全告知',
            paragraphs: ['请勿将电动自行车推入楼道、室内充电，请使用小区集中充电设施。'],
            issuer: '东湖街道办事处',
            issuedOn: '2026-11-23',
          },
        },
      });
      expect(res.status()).toBe(201);
      const doc = await res.json();
      code = doc.verifyCode;
      docId = doc.id;
      const file = await staff.context.request.get(`/api/v1/documents/${doc.id}/file?format=pdf`);
      pdfPath = join(mkdtempSync(join(tmpdir(), 'fq-doc-')), 'notice.pdf');
      writeFileSync(pdfPath, await file.body());
    } finally {
      await staff.context.close();
    }

    const { context, page, errors } = await newPage(browser, { phone: true });
    try {
      await page.goto(`/m/v/${code}`);
      await page.getByTestId('verify-result').getByText('文书真实有效').waitFor();
      await page.getByText('东湖街道办事处').first().waitFor();
      await screenshot(page, 'document-verify');
      await page.locator('input[type=file]').setInputFiles(pdfPath);
      await page.getByTestId('verify-copy-result').getByText('文件与签发原件一致').waitFor();
      await screenshot(page, 'document-verify-copy');
      // A wrong code: a clear message, not an error page.
      await page.getByTestId('verify-code').locator('input').fill('ZZZZZZZZZZZZ');
      await page.getByTestId('verify-submit').click();
      await page.getByTestId('verify-not-found').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // Revoked documents say so.
    const again = await newPage(browser);
    try {
      const login = await apiLogin(again.context, 'mediator');
      const rv = await again.context.request.post(`/api/v1/documents/${docId}/revoke`, {
        headers: { 'x-csrf-token': login.csrfToken },
        data: { reason: '告知对象有误，重新出具' },
      });
      expect(rv.status()).toBe(200);
      await again.page.goto(`/m/v/${code}`);
      await again.page.getByTestId('verify-result').getByText('文书已作废').waitFor();
      await again.page.getByText('告知对象有误，重新出具').waitFor();
    } finally {
      await again.context.close();
    }
  });
});
