import type { Writable } from 'node:stream';
import { RESIDENCE_TYPE_LABELS } from '@fengqiao/domain';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/client';
import { type Actor, transaction } from '../../db/context';
import { AppError } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import type { AuditService } from '../audit/audit.service';
import * as repo from './registry.repo';

/**
 * Excel export of people, streamed page by page (never the whole result in memory). ID numbers and phones
 * stay masked unless the caller may unmask and gives a reason; every export is audited with the filter,
 * the row count and whether it was unmasked.
 */
export function createRegistryExport(deps: { db: Database; audit: AuditService; pii: PiiCipher }) {
  const { db, audit, pii } = deps;

  async function exportPeople(
    actor: Actor,
    f: { q?: string | undefined; regionPath?: string | undefined; residenceType?: string | undefined },
    opts: { unmask: boolean; reason: string | undefined },
    out: Writable,
  ) {
    if (opts.unmask && !opts.reason?.trim()) throw new AppError('UNMASK_REASON_REQUIRED');
    const filter: repo.PeopleFilter = { regionPath: f.regionPath, residenceType: f.residenceType };
    if (f.q?.trim()) filter.name = f.q.trim();
    // Audited before the first byte leaves: an export interrupted half-way was still an export.
    await transaction(db, actor, () =>
      audit.record({
        action: 'person.export',
        objectType: 'person',
        diff: { filter: f, unmasked: opts.unmask, reason: opts.reason ?? null },
      }),
    );
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet('实有人口');
    ws.columns = [
      { header: '姓名', key: 'name', width: 12 },
      { header: '身份证号', key: 'idNumber', width: 22 },
      { header: '性别', key: 'sex', width: 6 },
      { header: '出生日期', key: 'birthDate', width: 12 },
      { header: '联系电话', key: 'phone', width: 14 },
      { header: '人口类型', key: 'type', width: 10 },
      { header: '居住地址', key: 'address', width: 40 },
      { header: '工作单位', key: 'workplace', width: 24 },
    ];
    let after = 0;
    let count = 0;
    for (;;) {
      const page = await transaction(db, actor, async () => {
        const people = await repo.peopleForExport(filter, 2000, after);
        const addrs = new Map(
          (await repo.addressesByIds([...new Set(people.map((p) => p.addressId))])).map((a) => [
            a.id,
            a.fullName,
          ]),
        );
        return { people, addrs };
      });
      if (!page.people.length) break;
      for (const p of page.people) {
        ws.addRow({
          name: p.name,
          // Text cells: an 18-digit ID as a number would lose its last digits in Excel.
          idNumber: opts.unmask ? pii.decrypt(p.idNumberEnc) : p.idNumberMasked,
          sex: p.sex === 'male' ? '男' : '女',
          birthDate: p.birthDate,
          phone: opts.unmask && p.phoneEnc ? pii.decrypt(p.phoneEnc) : (p.phoneMasked ?? ''),
          type: RESIDENCE_TYPE_LABELS[p.residenceType].zh,
          address: page.addrs.get(p.addressId) ?? '',
          workplace: p.workplace ?? '',
        }).commit();
      }
      count += page.people.length;
      after = page.people[page.people.length - 1]!.id;
    }
    ws.commit();
    await wb.commit();
    await transaction(db, actor, () =>
      audit.record({
        action: 'person.export.done',
        objectType: 'person',
        diff: { rows: count, unmasked: opts.unmask },
      }),
    );
    return count;
  }

  return { exportPeople };
}
