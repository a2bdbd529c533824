import { createHash } from 'node:crypto';
import {
  type AddressMatcher,
  checkPersonRow,
  maskIdNumber,
  maskPhone,
  type RowIssue,
} from '@fengqiao/domain';
import { copyField } from '../../db/copy-text';
import { blindIndexText, type PiiCipher } from '../../platform/pii';

/**
 * The CPU part of a people import (issue #6), without any database access, so that it runs the same on the
 * main thread and in the import's worker threads (`import-worker.ts`): check each row, compute the blind
 * index, match the address, encrypt, hash, and render the row as one line of COPY text. What needs the
 * whole file or the database (the in-file duplicate check, the existing rows) is left to the main thread
 * (`registry-import.service.ts`), which applies the prepared chunks in file order.
 */

export type IssueRow = RowIssue & { rowNo: number };
export type RawRow = { rowNo: number; cells: string[] };

/** One chunk, prepared. Valid rows (those that passed the checks) are columns of typed arrays and strings. */
export interface PreparedPeopleChunk {
  /** Data rows in the chunk. */
  rows: number;
  /** The row checks' issues, in row order. */
  checkIssues: IssueRow[];
  /** Row numbers of the valid rows, ascending. */
  rowNos: Int32Array;
  /** 16 bytes per valid row: the start of its ID number's blind-index digest (the in-file duplicate key). */
  keys: Uint8Array;
  /** Per valid row: the address column's rejection reason, or null when the address was placed. */
  addrIssues: (string | null)[];
  /** Per valid row: its COPY line for `people_import_stage` (see PEOPLE_STAGE_COLUMNS), '' when not placed. */
  lines: string[];
}

export interface PeoplePrepContext {
  /** Field → column index in the file. */
  index: Record<string, number>;
  matcher: AddressMatcher;
  pii: PiiCipher;
  /** The importer's scope ('*' = everything). */
  scopePath: string;
}

export const KEY_BYTES = 16;

/** Content hash of a person's imported facts: an unchanged row is recognised by it and not rewritten. */
export function personContentHash(p: {
  name: string;
  idNumber: string;
  phone: string | null;
  residenceType: string;
  addressId: number;
  workplace: string | null;
}): string {
  return createHash('sha256')
    .update(JSON.stringify([p.name, p.idNumber, p.phone, p.residenceType, p.addressId, p.workplace]))
    .digest('base64url')
    .slice(0, 22);
}

export function withinScope(scopePath: string, path: string) {
  return scopePath === '*' || path === scopePath || path.startsWith(`${scopePath}.`);
}

export function preparePeopleChunk(ctx: PeoplePrepContext, rows: readonly RawRow[]): PreparedPeopleChunk {
  const { index, matcher, pii, scopePath } = ctx;
  const checkIssues: IssueRow[] = [];
  const rowNos = new Int32Array(rows.length);
  const keys = new Uint8Array(rows.length * KEY_BYTES);
  const addrIssues: (string | null)[] = [];
  const lines: string[] = [];
  let n = 0;
  let cells: string[] = [];
  const get = (f: string) => {
    const i = index[f];
    return i === undefined ? '' : (cells[i] ?? '');
  };
  for (const r of rows) {
    cells = r.cells;
    const { value: v, issues } = checkPersonRow(get);
    for (const i of issues)
      checkIssues.push({ rowNo: r.rowNo, column: i.column, severity: i.severity, reason: i.reason });
    if (!v) continue;
    const digest = pii.blindDigest(v.idNumber, 'idNumber');
    digest.copy(keys, n * KEY_BYTES, 0, KEY_BYTES);
    rowNos[n++] = r.rowNo;
    const a = matcher.match(v.address);
    if ('error' in a) {
      addrIssues.push(`地址“${v.address}”${a.error}`);
      lines.push('');
      continue;
    }
    if (!withinScope(scopePath, a.path)) {
      addrIssues.push('地址不在您的管辖范围内');
      lines.push('');
      continue;
    }
    addrIssues.push(null);
    const hash = personContentHash({
      name: v.name,
      idNumber: v.idNumber,
      phone: v.phone,
      residenceType: v.residenceType,
      addressId: a.id,
      workplace: v.workplace,
    });
    // Fields in PEOPLE_STAGE_COLUMNS order (registry.repo.ts).
    lines.push(
      `${r.rowNo}\t${copyField(v.name)}\t${pii.encrypt(v.idNumber).toString('hex')}\t${blindIndexText(digest)}\t${maskIdNumber(v.idNumber)}\t${v.sex}\t${v.birthDate}\t${
        v.phone
          ? `${pii.encrypt(v.phone).toString('hex')}\t${pii.blindIndex(v.phone, 'phone')}\t${copyField(maskPhone(v.phone))}`
          : '\\N\t\\N\t\\N'
      }\t${v.residenceType}\t${a.id}\t${copyField(v.workplace)}\t${a.path}\t${hash}\n`,
    );
  }
  return {
    rows: rows.length,
    checkIssues,
    rowNos: rowNos.slice(0, n),
    keys: keys.slice(0, n * KEY_BYTES),
    addrIssues,
    lines,
  };
}

/**
 * A set of 16-byte keys in one open-addressing table of 32-bit words (no object per key): the in-file
 * duplicate check of 1.5 million ID numbers costs ~50 MB and nothing for the garbage collector.
 */
export class BinaryKeySet {
  private words: Int32Array;
  private used: Uint8Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.words = new Int32Array(capacity * 4);
    this.used = new Uint8Array(capacity);
  }

  get size() {
    return this.count;
  }

  /** Adds the key at `keys[at…at+16)`; answers false when it was already there. */
  add(keys: Uint8Array, at: number): boolean {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    const dv = new DataView(keys.buffer, keys.byteOffset + at, KEY_BYTES);
    const k0 = dv.getInt32(0, true);
    const k1 = dv.getInt32(4, true);
    const k2 = dv.getInt32(8, true);
    const k3 = dv.getInt32(12, true);
    if (this.has4(k0, k1, k2, k3)) return false;
    this.put(k0, k1, k2, k3);
    this.count++;
    return true;
  }

  private slot(k0: number) {
    return (k0 >>> 0) & (this.used.length - 1);
  }

  private has4(k0: number, k1: number, k2: number, k3: number) {
    const mask = this.used.length - 1;
    for (let s = this.slot(k0); this.used[s]; s = (s + 1) & mask) {
      const w = s * 4;
      if (
        this.words[w] === k0 &&
        this.words[w + 1] === k1 &&
        this.words[w + 2] === k2 &&
        this.words[w + 3] === k3
      )
        return true;
    }
    return false;
  }

  private put(k0: number, k1: number, k2: number, k3: number) {
    const mask = this.used.length - 1;
    let s = this.slot(k0);
    while (this.used[s]) s = (s + 1) & mask;
    this.used[s] = 1;
    const w = s * 4;
    this.words[w] = k0;
    this.words[w + 1] = k1;
    this.words[w + 2] = k2;
    this.words[w + 3] = k3;
  }

  private grow() {
    const old = this.words;
    const oldUsed = this.used;
    this.words = new Int32Array(old.length * 2);
    this.used = new Uint8Array(oldUsed.length * 2);
    for (let s = 0; s < oldUsed.length; s++)
      if (oldUsed[s]) this.put(old[s * 4]!, old[s * 4 + 1]!, old[s * 4 + 2]!, old[s * 4 + 3]!);
  }
}
