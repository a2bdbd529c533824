import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { multipart } from '../../../test/multipart';

let t: TestApp;

/**
 * A minimal Office Open XML package: stored zip entries (local headers only, as a streaming writer emits
 * them), enough for content sniffing to call it .docx.
 */
function docx(): Buffer {
  const entries = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    ['word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="x"><w:body/></w:document>'],
  ] as const;
  const parts: Buffer[] = [];
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    parts.push(local, nameBuf, data);
  }
  return Buffer.concat(parts);
}

const upload = (as: string, files: Parameters<typeof multipart>[0], headers: Record<string, string> = {}) => {
  const body = multipart(files);
  return t.as(as, {
    method: 'POST',
    url: '/api/v1/attachments',
    payload: body.payload,
    headers: { ...body.headers, ...headers },
  });
};

beforeAll(async () => {
  t = await createTestApp({ FENGQIAO_UPLOAD_MAX_MB: '1' });
});
afterAll(async () => t?.close());

describe('attachments', () => {
  it('stores photos, PDFs and office documents by content, with thumbnails for photos', async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a6' } })
      .jpeg()
      .toBuffer();
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    // The browser's claimed types are wrong on purpose: only the content counts.
    const res = await upload('grid', [
      { name: '现场照片.jpg', data: jpeg, type: 'application/octet-stream' },
      { name: '通知.pdf', data: pdf, type: 'image/png' },
      { name: '整改报告.docx', data: docx() },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const [photo, doc, word] = res.json().items;
    expect(photo).toMatchObject({
      kind: 'image',
      mime: 'image/jpeg',
      width: 1200,
      height: 800,
      name: '现场照片.jpg',
    });
    expect(photo.thumbnailUrl).toBe(`/api/v1/attachments/${photo.id}/thumbnail`);
    expect(doc).toMatchObject({ kind: 'pdf', mime: 'application/pdf', thumbnailUrl: null });
    expect(word).toMatchObject({
      kind: 'office',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });

    const content = await t.as('grid', { method: 'GET', url: photo.url });
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.headers['content-disposition']).toContain("filename*=UTF-8''%E7%8E%B0");
    expect(content.rawPayload.equals(jpeg)).toBe(true);
    const thumb = await t.as('grid', { method: 'GET', url: photo.thumbnailUrl });
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(320);
    const office = await t.as('grid', { method: 'GET', url: word.url });
    expect(office.headers['content-disposition']).toMatch(/^attachment;/);

    // The same bytes again: a new record, the same stored file.
    const again = (await upload('grid', [{ name: 'copy.jpg', data: jpeg }])).json().items[0];
    expect(again.sha256).toBe(photo.sha256);
    expect(again.id).not.toBe(photo.id);
  });

  it('refuses by content: 415 for disguised files, 413 over the limit, 400 for nothing', async () => {
    const script = Buffer.from('#!/bin/sh\nrm -rf /\n');
    const disguised = await upload('grid', [{ name: 'photo.jpg', data: script, type: 'image/jpeg' }]);
    expect(disguised.statusCode).toBe(415);
    expect(disguised.json().error).toMatchObject({ code: 'ATTACHMENT_TYPE' });
    expect(disguised.json().error.message).toContain('photo.jpg');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)]);
    const exeRes = await upload('grid', [{ name: 'report.pdf', data: exe }], { 'accept-language': 'en' });
    expect(exeRes.statusCode).toBe(415);
    expect(exeRes.json().error.message).toContain('not allowed');
    const big = await upload('grid', [
      { name: 'big.pdf', data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_100_000)]) },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
    expect(big.json().error.message).toContain('1 MB');
    const empty = await upload('grid', [{ name: 'empty.png', data: Buffer.alloc(0) }]);
    expect(empty.statusCode).toBe(400);
    expect((await upload('grid', [])).json().error.code).toBe('ATTACHMENT_MISSING');
    const json = await t.as('grid', { method: 'POST', url: '/api/v1/attachments', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const broken = await upload('grid', [
      { name: 'bad.png', data: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
    ]);
    expect(broken.statusCode).toBe(415);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/attachments', ...multipart([]) })).statusCode,
    ).toBe(401);
  });

  it('lets only the uploader see an upload until it is attached, and checks scope on download', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const mine = (await upload('town1', [{ name: 'a.pdf', data: pdf }])).json().items[0];
    expect((await t.as('town1', { method: 'GET', url: mine.url })).statusCode).toBe(200);
    // Same town, different person: not until it belongs to a case.
    expect((await t.as('grid', { method: 'GET', url: `/api/v1/attachments/${mine.id}` })).statusCode).toBe(
      404,
    );
    expect((await t.as('town2', { method: 'GET', url: mine.url })).statusCode).toBe(404);
    expect((await t.as('town1', { method: 'GET', url: '/api/v1/attachments/99999999' })).statusCode).toBe(
      404,
    );
    expect(
      (await t.as('town1', { method: 'GET', url: `/api/v1/attachments/${mine.id}/thumbnail` })).statusCode,
    ).toBe(404);
  });
});
