import { writeFileSync } from 'node:fs';
import { DOCUMENT_TEMPLATES } from '@fengqiao/domain';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderDocx } from './render-docx';
import { renderPdf } from './render-pdf';

const person = (role: string, name: string) => ({
  kind: 'person' as const,
  role,
  name,
  sex: '女' as const,
  address: '示范区临江街道新港社区8号',
  idNumber: '350104199002021238',
});

describe('renderers', () => {
  it('draw every template to PDF and DOCX', async () => {
    const qrPng = await QRCode.toBuffer('http://localhost/m/v/ABCDEFGHJKMN');
    const extras = {
      qrPng,
      verifyCode: 'ABCDEFGHJKMN',
      watermark: '示范区 ABCDEFGHJKMN',
      issuedAt: new Date('2026-11-23T06:00:00Z'),
    };
    const samples: Record<string, unknown> = {
      notice: {
        recipient: '王五',
        subject: '物业服务合同纠纷诉前告知',
        paragraphs: ['您与示范区某物业公司之间的物业服务合同纠纷，现由示范区物业纠纷调处中心进行诉前调解。'],
        laws: [
          {
            name: '中华人民共和国人民调解法',
            article: '第二十三条',
            text: '当事人在人民调解活动中享有下列权利：（一）选择或者接受人民调解员；（二）接受调解、拒绝调解或者要求终止调解；（三）要求调解公开进行或者不公开进行；（四）自主表达意愿、自愿达成调解协议。',
          },
        ],
        issuer: '示范区物业纠纷调处中心',
        issuedOn: '2026-11-23',
      },
      mediationRecord: {
        committee: '临江街道人民调解委员会',
        startedAt: '2026-11-23T01:30:00Z',
        endedAt: '2026-11-23T02:40:00Z',
        place: '新港社区人民调解室',
        mediators: ['郑调解'],
        recorder: '陈记录',
        participants: [
          { role: '申请人', name: '赵六' },
          { role: '被申请人', name: '钱七' },
        ],
        entries: [
          { speaker: '调解员', text: '今天依法对双方的邻里纠纷进行调解，请双方陈述。' },
          { speaker: '赵六', text: '楼上漏水已经三个月，多次沟通没有结果。' },
        ],
        outcome: '双方达成一致，由钱七承担维修费用。',
      },
    };
    // A signed and sealed 调解协议书: three handwritten signatures, the seal, the QR code and the watermark
    // on one page (FQ_SAMPLE_DIR=… writes it out to look at; pdftoppm -png turns it into an image).
    const scrawl = (seed: number) => {
      const d = Array.from(
        { length: 10 },
        (_, i) => `${i ? 'L' : 'M'} ${20 + i * 38} ${30 + ((seed * 37 + i * 53) % 50)}`,
      );
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="120"><path d="${d.join(' ')}" stroke="#111" stroke-width="6" fill="none"/></svg>`;
      return sharp(Buffer.from(svg)).png().toBuffer();
    };
    const sigs = [
      { name: '赵六', key: 'a'.repeat(64) },
      { name: '钱七', key: 'b'.repeat(64) },
      { name: '郑调解', key: 'c'.repeat(64) },
    ];
    const images = new Map<string, Buffer>();
    for (const [i, s] of sigs.entries()) images.set(s.key, await scrawl(i + 1));
    samples.mediationAgreement = {
      committee: '临江街道新港社区人民调解委员会',
      caseNo: 'TJ20261123000042',
      parties: [person('申请人', '赵六'), person('被申请人', '钱七')],
      facts: '被申请人钱七家卫生间防水层老化，导致楼下申请人赵六家天花板渗水、墙面发霉，双方多次协商未果。',
      issues: '天花板修复及漏水维修费用由谁承担。',
      responsibilities: '漏水源自被申请人家卫生间防水层破损，被申请人承担主要责任。',
      agreedItems: [
        '被申请人于二〇二六年十二月十日前修复卫生间防水层。',
        '被申请人赔偿申请人天花板修复费用人民币贰仟元。',
      ],
      performance: { manner: '微信转账', place: '新港社区人民调解室', deadline: '2026-12-10' },
      mediators: ['郑调解'],
      agreedOn: '2026-11-23',
      signatures: sigs.map((s, i) => ({
        name: s.name,
        signedAt: `2026-11-23T0${2 + i}:10:00Z`,
        method: 'tablet',
        imageSha256: s.key,
        contentSha256: 'd'.repeat(64),
      })),
      contentSha256: 'd'.repeat(64),
      sealedAt: '2026-11-23T06:00:00Z',
    };
    for (const [key, data] of Object.entries(samples)) {
      const t = DOCUMENT_TEMPLATES[key as keyof typeof DOCUMENT_TEMPLATES];
      const model = (t.build as (d: unknown, n: string) => never)(t.schema.parse(data), '示告〔2026〕1号');
      const pdf = await renderPdf(model, { ...extras, images });
      const docx = await renderDocx(model, { ...extras, images });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      if (key === 'mediationAgreement')
        // The note under the seal runs the full width: it used to fall into a narrow column beside the
        // seal and push the QR code onto a third page.
        expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
      if (process.env.FQ_SAMPLE_DIR) {
        writeFileSync(`${process.env.FQ_SAMPLE_DIR}/${key}.pdf`, pdf);
        writeFileSync(`${process.env.FQ_SAMPLE_DIR}/${key}.docx`, docx);
      }
    }
    void person;
  });
});
