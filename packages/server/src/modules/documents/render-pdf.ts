import { chineseNumber, type DocModel } from '@fengqiao/domain';
import PDFDocument from 'pdfkit';
import { documentFonts } from './fonts';

export interface RenderExtras {
  /** PNG of the verification QR code, drawn on the last page. */
  qrPng: Buffer;
  verifyCode: string;
  /** Visible diagonal watermark on every page. */
  watermark: string;
  issuedAt: Date;
  /** Handwritten signature images (PNG) by the key the model's signature lines name. */
  images?: ReadonlyMap<string, Buffer> | undefined;
}

// Page set-up after the usual official-document layout (A4; top 37 mm, bottom 35 mm, left 28 mm,
// right 26 mm — GB/T 9704-2012's common settings, a layout choice rather than a legal requirement).
const MM = 72 / 25.4;
const MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const BODY = 14;
const LINE_GAP = 9;
const SIGNATURE_W = 120;
const SIGNATURE_H = 44;
const SEAL_R = 46;

export async function renderPdf(model: DocModel, extras: RenderExtras): Promise<Buffer> {
  const fonts = documentFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    info: {
      Title: model.title.replace(/\n/g, ' '),
      Subject: model.docNo,
      Creator: 'Fengqiao 枫桥',
      CreationDate: extras.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const width = doc.page.width - MARGINS.left - MARGINS.right;

  for (const line of model.title.split('\n')) doc.font('bold').fontSize(22).text(line, { align: 'center' });
  doc.moveDown(0.4);
  doc.font('body').fontSize(12).fillColor('#333').text(model.docNo, { align: 'right' }).fillColor('black');
  doc.moveDown(0.8);

  for (const b of model.blocks) {
    switch (b.kind) {
      case 'heading':
        doc
          .moveDown(0.3)
          .font('bold')
          .fontSize(BODY + 1)
          .text(b.text, { lineGap: LINE_GAP });
        break;
      case 'paragraph':
        doc
          .font('body')
          .fontSize(BODY)
          .text(b.text, { lineGap: LINE_GAP, indent: b.indent ? BODY * 2 : 0, align: b.align ?? 'justify' });
        break;
      case 'fields':
        for (const [label, value] of b.rows) {
          doc.font('bold').fontSize(BODY).text(`${label}：`, { continued: true, lineGap: LINE_GAP });
          doc.font('body').text(value, { lineGap: LINE_GAP, align: 'justify' });
        }
        break;
      case 'numbered':
        b.items.forEach((item, i) => {
          doc
            .font('body')
            .fontSize(BODY)
            .text(`${chineseNumber(i + 1)}、${item}`, {
              lineGap: LINE_GAP,
              indent: BODY * 2,
              align: 'justify',
            });
        });
        break;
      case 'signatures':
        doc.moveDown(0.5);
        for (const s of b.lines) {
          const image = s.image ? extras.images?.get(s.image) : undefined;
          if (image) {
            // The handwritten signature sits after the printed name, on the same line.
            if (doc.y + SIGNATURE_H + 8 > doc.page.height - MARGINS.bottom) doc.addPage();
            const y = doc.y;
            doc
              .font('body')
              .fontSize(BODY)
              .text(`${s.label}：${s.name}`, MARGINS.left, y + 12, {
                lineBreak: false,
              });
            const x = MARGINS.left + doc.widthOfString(`${s.label}：${s.name}`) + 12;
            doc.image(image, x, y, { fit: [SIGNATURE_W, SIGNATURE_H] });
            if (s.signedAt)
              doc
                .fontSize(9)
                .fillColor('#1a7f37')
                .text(s.signedAt, x + SIGNATURE_W + 6, y + 16, { lineBreak: false })
                .fillColor('black');
            doc.x = MARGINS.left;
            doc.y = y + SIGNATURE_H + 6;
            continue;
          }
          doc
            .font('body')
            .fontSize(BODY)
            .text(`${s.label}：${s.name}`, { continued: Boolean(s.signedAt), lineGap: LINE_GAP + 6 });
          if (s.signedAt)
            doc.fontSize(10).fillColor('#1a7f37').text(`　${s.signedAt}`).fillColor('black').fontSize(BODY);
        }
        break;
      case 'seal':
        doc.moveDown(0.8);
        if (b.note)
          doc.font('body').fontSize(11).fillColor('#666').text(b.note, { align: 'right' }).fillColor('black');
        {
          // The seal overlaps the organisation's name and the date (as a stamp does) but not the signature
          // lines above it: leave room for its upper half, and keep name, date and seal on one page.
          if (b.stamped) doc.y += SEAL_R - 14;
          if (doc.y + SEAL_R * 2 > doc.page.height - MARGINS.bottom) doc.addPage();
          const top = doc.y;
          doc
            .font('body')
            .fontSize(BODY)
            .text(b.org, MARGINS.left, top, { width, align: 'right', lineGap: LINE_GAP });
          doc.text(b.date, MARGINS.left, doc.y, { width, align: 'right', lineGap: LINE_GAP });
          const below = doc.y;
          if (b.stamped) drawSeal(doc, b.org, MARGINS.left + width - 60, top + 14);
          // drawSeal moves the text cursor along its arc: what follows starts at the left margin, below it.
          doc.x = MARGINS.left;
          doc.y = Math.max(below, b.stamped ? top + 14 + SEAL_R + 6 : below);
        }
        break;
      case 'note':
        doc
          .moveDown(0.5)
          .font('body')
          .fontSize(10)
          .fillColor('#666')
          .text(b.text, MARGINS.left, doc.y, { width })
          .fillColor('black');
        break;
      case 'spacer':
        doc.moveDown(1);
        break;
    }
  }

  // The QR code sits at the foot of the last page; start a page if it does not fit.
  const qrSize = 64;
  if (doc.y + qrSize + 20 > doc.page.height - MARGINS.bottom) doc.addPage();
  const qrY = doc.page.height - MARGINS.bottom - qrSize + 10;
  // Drawing below the bottom margin would make pdfkit start a new page; lift the margin while we do.
  doc.page.margins.bottom = 0;
  doc.image(extras.qrPng, MARGINS.left + width - qrSize, qrY, { width: qrSize });
  doc
    .font('body')
    .fontSize(8)
    .fillColor('#555')
    .text(`扫码验真  验证码 ${extras.verifyCode}`, MARGINS.left, qrY + qrSize + 2, { width, align: 'right' })
    .fillColor('black');

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    drawWatermark(doc, extras.watermark);
    const footerY = doc.page.height - MARGINS.bottom + 30;
    doc
      .font('body')
      .fontSize(10)
      .fillColor('#444')
      .text(`— ${i + 1} / ${range.count} —`, MARGINS.left, footerY, {
        width,
        align: 'center',
        lineBreak: false,
      })
      .fillColor('black');
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function drawWatermark(doc: PDFKit.PDFDocument, text: string): void {
  const { width, height } = doc.page;
  doc.save();
  doc.font('body').fontSize(20).fillColor('#b00000').fillOpacity(0.07);
  for (let y = 120; y < height; y += 200) {
    for (let x = -40; x < width; x += 260) {
      doc
        .save()
        .rotate(-30, { origin: [x, y] })
        .text(text, x, y, { lineBreak: false })
        .restore();
    }
  }
  doc.restore();
  doc.fillOpacity(1).fillColor('black');
}

/**
 * The organisation's seal as a drawn round red seal (ring, star, name along the upper arc). It shows that
 * the seal was affixed through this system; it is not a certified electronic seal (GB/T 38540).
 */
function drawSeal(doc: PDFKit.PDFDocument, org: string, cx: number, cy: number): void {
  const r = SEAL_R;
  doc.save();
  doc.fillOpacity(0.85).strokeOpacity(0.85);
  doc.lineWidth(2.2).strokeColor('#d40000').circle(cx, cy, r).stroke();
  // Five-pointed star in the middle.
  const star: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? 13 : 5.2;
    star.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  doc.polygon(...star).fill('#d40000');
  const chars = [...org];
  const span = Math.min(Math.PI * 1.35, chars.length * 0.3);
  doc
    .font('bold')
    .fontSize(chars.length > 12 ? 8 : 10)
    .fillColor('#d40000');
  chars.forEach((ch, i) => {
    const a = -Math.PI / 2 - span / 2 + (chars.length === 1 ? span / 2 : (i * span) / (chars.length - 1));
    const x = cx + (r - 12) * Math.cos(a);
    const y = cy + (r - 12) * Math.sin(a);
    doc
      .save()
      .rotate((a * 180) / Math.PI + 90, { origin: [x, y] })
      .text(ch, x - 5, y - 5, { lineBreak: false })
      .restore();
  });
  doc.restore();
  doc.fillOpacity(1).strokeOpacity(1).fillColor('black').strokeColor('black');
}
