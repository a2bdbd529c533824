import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../platform/errors';

export type ImportFormat = 'csv' | 'xlsx';
export type ImportEncoding = 'utf-8' | 'gb18030' | 'binary';

/** Sniffs the first bytes of a stored upload: XLSX is a ZIP; anything else must be text in UTF-8 or GBK. */
export async function sniffImportFile(
  path: string,
): Promise<{ format: ImportFormat; encoding: ImportEncoding }> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(64 * 1024);
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  await fh.close();
  const buf = head.subarray(0, bytesRead);
  if (bytesRead === 0) throw new AppError('IMPORT_EMPTY');
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04)
    return { format: 'xlsx', encoding: 'binary' };
  if (buf[0] === 0xd0 && buf[1] === 0xcf)
    throw new AppError('IMPORT_FORMAT', { detail: '旧版 Excel（.xls），请另存为 .xlsx 或 .csv' });
  return { format: 'csv', encoding: detectEncoding(buf) };
}

/**
 * UTF-8 or GBK (read as GB 18030, its superset)? Chinese offices export CSV from Excel in GBK, so a file
 * that is not valid UTF-8 but decodes cleanly as GB 18030 is read as such. Control characters mean a
 * binary file, not text.
 */
export function detectEncoding(buf: Buffer): 'utf-8' | 'gb18030' {
  if (buf[0] === 0xff && buf[1] === 0xfe) throw new AppError('IMPORT_ENCODING');
  if (buf[0] === 0xfe && buf[1] === 0xff) throw new AppError('IMPORT_ENCODING');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting binary content is the point
  const binary = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: true });
    if (binary.test(text)) throw new AppError('IMPORT_FORMAT', { detail: '不是文本文件' });
    return 'utf-8';
  } catch (e) {
    if (e instanceof AppError) throw e;
  }
  const text = iconv.decode(buf, 'gb18030');
  // The last character may be cut in half; ignore a replacement character there.
  const body = text.slice(0, -1);
  if (body.includes('\ufffd') || binary.test(body)) throw new AppError('IMPORT_ENCODING');
  return 'gb18030';
}

/** A cell as text. Dates become YYYY-MM-DD; 18-digit numbers Excel rounded are flagged, not trusted. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    // Excel keeps 15 significant digits: an ID number typed into a numeric cell is already corrupted.
    if (Math.abs(v) >= 1e15) return `#NUMBER:${v}`;
    return String(v);
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) {
    const cn = new Date(v.getTime() + 8 * 3_600_000);
    return cn.toISOString().slice(0, 10);
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: string; result?: unknown; hyperlink?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return String(v);
}

/**
 * Streams the rows of a stored import file as arrays of cell texts with their 1-based row numbers (the
 * header is row 1). Never reads the whole file into memory.
 */
export async function* readRows(
  path: string,
  format: ImportFormat,
  encoding: ImportEncoding,
): AsyncGenerator<{ rowNo: number; cells: string[] }> {
  if (format === 'csv') {
    const parser = createReadStream(path, { highWaterMark: 256 * 1024 })
      .pipe(iconv.decodeStream(encoding === 'gb18030' ? 'gb18030' : 'utf-8'))
      .pipe(
        parse({
          bom: true,
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
          info: true,
        }),
      );
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (rec.record.every((c) => c.trim() === '')) continue;
      yield { rowNo: rec.info.lines, cells: rec.record };
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      if (values.every((c) => c.trim() === '')) continue;
      yield { rowNo: row.number, cells: values };
    }
    return; // the first sheet only
  }
}

/** The header and whether at least one data row follows (checked at upload, before anything is queued). */
export async function readHeader(path: string, format: ImportFormat, encoding: ImportEncoding) {
  let header: string[] | null = null;
  let hasData = false;
  for await (const { cells } of readRows(path, format, encoding)) {
    if (!header) {
      header = cells.map((c) => c.trim());
      continue;
    }
    hasData = true;
    break;
  }
  return { header, hasData };
}
