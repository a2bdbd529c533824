import { chineseNumber, type DocModel } from '@fengqiao/domain';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import type { RenderExtras } from './render-pdf';

const SONG = { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const BODY = 28; // half-points: 14 pt, as in the PDF

function run(text: string, opts: { bold?: boolean; size?: number; color?: string } = {}) {
  return new TextRun({
    text,
    font: SONG,
    size: opts.size ?? BODY,
    bold: opts.bold ?? false,
    ...(opts.color ? { color: opts.color } : {}),
  });
}

const para = (
  children: (TextRun | ImageRun)[],
  opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean } = {},
) =>
  new Paragraph({
    children,
    spacing: { line: 440 },
    ...(opts.align ? { alignment: opts.align } : {}),
    ...(opts.indent ? { indent: { firstLine: BODY * 20 } } : {}),
  });

/**
 * The same document model as Word. The watermark becomes a grey header line (Word watermarks need VML
 * shapes the docx library does not write); the PDF carries the diagonal one.
 */
export async function renderDocx(model: DocModel, extras: RenderExtras): Promise<Buffer> {
  const body: Paragraph[] = [];
  for (const line of model.title.split('\n'))
    body.push(para([run(line, { bold: true, size: 44 })], { align: AlignmentType.CENTER }));
  body.push(para([run(model.docNo, { size: 24 })], { align: AlignmentType.RIGHT }));
  for (const b of model.blocks) {
    switch (b.kind) {
      case 'heading':
        body.push(para([run(b.text, { bold: true, size: BODY + 2 })]));
        break;
      case 'paragraph':
        for (const line of b.text.split('\n'))
          body.push(
            para([run(line)], {
              indent: b.indent ?? false,
              align:
                b.align === 'right'
                  ? AlignmentType.RIGHT
                  : b.align === 'center'
                    ? AlignmentType.CENTER
                    : AlignmentType.JUSTIFIED,
            }),
          );
        break;
      case 'fields':
        for (const [label, value] of b.rows)
          body.push(
            para([run(`${label}：`, { bold: true }), run(value)], { align: AlignmentType.JUSTIFIED }),
          );
        break;
      case 'numbered':
        for (const [i, item] of b.items.entries()) {
          body.push(para([run(`${chineseNumber(i + 1)}、${item}`)], { indent: true }));
        }
        break;
      case 'signatures':
        for (const s of b.lines) {
          const image = s.image ? extras.images?.get(s.image) : undefined;
          body.push(
            para([
              run(`${s.label}：${s.name}`),
              ...(image
                ? [
                    new ImageRun({
                      type: 'png',
                      data: image,
                      transformation: { width: 150, height: 55 },
                    }),
                  ]
                : []),
              ...(s.signedAt ? [run(`　${s.signedAt}`, { size: 20, color: '1A7F37' })] : []),
            ]),
          );
        }
        break;
      case 'seal':
        if (b.note)
          body.push(para([run(b.note, { size: 22, color: '666666' })], { align: AlignmentType.RIGHT }));
        body.push(
          para(
            [run(b.stamped ? `${b.org}（已加盖电子印章）` : b.org, b.stamped ? { color: 'D40000' } : {})],
            {
              align: AlignmentType.RIGHT,
            },
          ),
        );
        body.push(para([run(b.date)], { align: AlignmentType.RIGHT }));
        break;
      case 'note':
        body.push(para([run(b.text, { size: 20, color: '666666' })]));
        break;
      case 'spacer':
        body.push(para([run('')]));
        break;
    }
  }
  body.push(
    para([new ImageRun({ type: 'png', data: extras.qrPng, transformation: { width: 80, height: 80 } })], {
      align: AlignmentType.RIGHT,
    }),
    para([run(`扫码验真  验证码 ${extras.verifyCode}`, { size: 16, color: '555555' })], {
      align: AlignmentType.RIGHT,
    }),
  );
  const doc = new Document({
    creator: 'Fengqiao 枫桥',
    title: model.title.replace(/\n/g, ' '),
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        headers: {
          default: new Header({
            children: [
              para([run(extras.watermark, { size: 16, color: 'C0C0C0' })], { align: AlignmentType.CENTER }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES, ' —'],
                    font: SONG,
                    size: 20,
                  }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
