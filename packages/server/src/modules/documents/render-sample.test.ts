import { writeFileSync } from 'node:fs';
import { DOCUMENT_TEMPLATES } from '@fengqiao/domain';
import QRCode from 'qrcode';
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
    for (const [key, data] of Object.entries(samples)) {
      const t = DOCUMENT_TEMPLATES[key as keyof typeof DOCUMENT_TEMPLATES];
      const model = (t.build as (d: unknown, n: string) => never)(t.schema.parse(data), '示告〔2026〕1号');
      const pdf = await renderPdf(model, extras);
      const docx = await renderDocx(model, extras);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      if (process.env.FQ_SAMPLE_DIR) {
        writeFileSync(`${process.env.FQ_SAMPLE_DIR}/${key}.pdf`, pdf);
        writeFileSync(`${process.env.FQ_SAMPLE_DIR}/${key}.docx`, docx);
      }
    }
    void person;
  });
});
