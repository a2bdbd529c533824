// Synthetic 实有人口 CSV for benchmarks and demos (issue #6): names, valid ID numbers, phones and
// addresses in the demo district written in the ways offices write them, with a share of bad rows.
//   npm run registry:gen -- --rows 1500000 --bad 0.02 --buildings 20 --out people.csv [--gbk] [--seed 7]
// Rooms: building 1 (seeded) has 101,102,201,202 in units 1–2; buildings 2..N (created by the benchmark)
// have 101–104 and 201–204 in units 1–2.
import { createWriteStream } from 'node:fs';
import { csvLine, generateDemoDistrict, mulberry32, type RoomParts, syntheticPeople } from '@fengqiao/domain';
import iconv from 'iconv-lite';
import { demoDoors } from '../seed/registry-demo';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

export function demoRooms(buildings: number): RoomParts[] {
  const regions = generateDemoDistrict().map((r, i) => ({
    id: i + 1,
    code: r.code,
    name: r.name,
    level: r.level,
    regionPath: regionPathOf(r.code),
  }));
  const rooms: RoomParts[] = [];
  for (const d of demoDoors(regions))
    for (let b = 1; b <= buildings; b++)
      for (const unit of [1, 2])
        for (const room of b === 1 ? [101, 102, 201, 202] : [101, 102, 103, 104, 201, 202, 203, 204])
          rooms.push({ town: d.town, road: d.road, door: d.door, building: b, unit, room });
  return rooms;
}

/** ltree path from a region code (district 6, town 9, community 12, grid 12+). */
function regionPathOf(code: string): string {
  const parts = [code.slice(0, 6)];
  if (code.length > 6) parts.push(code.slice(0, 9));
  if (code.length > 9) parts.push(code.slice(0, 12));
  if (code.length > 12) parts.push(code);
  return parts.join('.');
}

async function main() {
  const rows = Number(arg('rows', '10000'));
  const out = arg('out', 'people.csv');
  const gbk = process.argv.includes('--gbk');
  const rooms = demoRooms(Number(arg('buildings', '1')));
  const rand = mulberry32(Number(arg('seed', '7')));
  const ws = createWriteStream(out);
  let chunk = '';
  for (const cells of syntheticPeople(rand, { rows, badShare: Number(arg('bad', '0.02')), seed: 7, rooms })) {
    chunk += csvLine(cells);
    if (chunk.length > 1 << 20) {
      if (!ws.write(gbk ? iconv.encode(chunk, 'gbk') : chunk))
        await new Promise<void>((r) => ws.once('drain', () => r()));
      chunk = '';
    }
  }
  ws.end(gbk ? iconv.encode(chunk, 'gbk') : chunk);
  await new Promise<void>((r) => ws.once('finish', () => r()));
  process.stderr.write(`wrote ${rows} rows (${rooms.length} rooms) to ${out}\n`);
}

if (process.argv[1]?.includes('registry-gen')) await main();
