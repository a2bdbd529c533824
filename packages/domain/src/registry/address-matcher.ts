import { normalizeAddress } from './address-normalize';
import { type AddressElements, addressMatchScore, parseAddress } from './address-parse';

/**
 * The import's address matcher (issue #6): every standard address of the importer's scope held in memory,
 * so matching a row costs a normalisation and a Map lookup instead of a database query. Text that is not
 * exactly a standard address falls back to a fuzzy match that stays small: find the doorplate (exactly,
 * without the town, or by trigram similarity over the doorplates only), then rank the addresses under that
 * door with `addressMatchScore`. Results of fuzzy matches are cached, so each distinct text is matched once
 * per file, and the number of fuzzy doorplate searches is capped (`fuzzyBudget`).
 */
export interface MatcherAddress {
  id: number;
  parentId: number | null;
  kind: string;
  /** normalizeAddress(full name), starting with the town (as stored in `addresses.norm`). */
  norm: string;
  /** The region path (grid) that the address gives a record placed on it. */
  path: string;
}

export type MatchResult = { id: number; path: string; exact: boolean } | { error: string };

export const MATCH_ERRORS = {
  none: '匹配不到标准地址',
  ambiguous: '有多个相近的标准地址，请写明楼栋、单元和户室',
  budget: '匹配不到标准地址（文件中无法识别的地址过多，已停止模糊匹配，请先整理地址）',
} as const;

/** A fuzzy candidate must be clearly the best: same numbered elements and close text (settings of the matcher). */
const MIN_SCORE = 0.9;
const MARGIN = 0.05;
/** A doorplate found by similarity alone must be this close (the same as pg_trgm's default similarity threshold). */
const DOOR_MIN_SIMILARITY = 0.3;

const TOWN_PREFIX = /^[^街道镇乡]{1,8}(街道|镇|乡)/;

/** Removes a leading district (…区/县) before a town, so `示范区东湖街道…` matches `东湖街道…`. */
export function stripRegionPrefix(norm: string): string {
  return norm.replace(/^[^区县]{1,6}(区|县)(?=[^区县]{1,8}(街道|镇|乡))/, '');
}

/** The text after the town (`东湖街道东湖路12号` → `东湖路12号`); unchanged when there is no town. */
export function withoutTown(norm: string): string {
  return norm.replace(TOWN_PREFIX, '');
}

/**
 * Trigrams as pg_trgm extracts them: words of letters and digits (CJK counts as letters), lower-cased,
 * padded with two spaces in front and one behind.
 */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    const chars = [' ', ' ', ...word, ' '];
    for (let i = 0; i + 2 < chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return out;
}

/** pg_trgm `similarity`: shared trigrams over all distinct trigrams of both texts (0–1). */
export function trigramSimilarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

export class AddressMatcher {
  private readonly ids: number[] = [];
  private readonly paths: string[] = [];
  private readonly norms: string[] = [];
  private readonly byNorm = new Map<string, number>();
  /** doorplate index → the indexes of the door and everything below it. */
  private readonly under = new Map<number, number[]>();
  private readonly doorsByNorm = new Map<string, number>();
  private readonly doorsByShort = new Map<string, number[]>();
  private doorTrigrams: [number, Set<string>][] | null = null;
  private readonly parsed = new Map<number, AddressElements>();
  private readonly cache = new Map<string, MatchResult>();
  private fuzzyLeft: number;
  /** How many distinct texts needed a fuzzy match, and how many doorplate searches ran (for the log). */
  readonly stats = { exact: 0, fuzzy: 0, doorSearches: 0, cached: 0 };

  constructor(rows: Iterable<MatcherAddress>, opts: { fuzzyBudget?: number } = {}) {
    this.fuzzyLeft = opts.fuzzyBudget ?? 5000;
    const pathIntern = new Map<string, string>();
    const kinds: string[] = [];
    const parents: (number | null)[] = [];
    const byId = new Map<number, number>();
    for (const r of rows) {
      const i = this.ids.length;
      this.ids.push(r.id);
      // Paths repeat (one per grid): keep one string each.
      const p = pathIntern.get(r.path) ?? r.path;
      pathIntern.set(p, p);
      this.paths.push(p);
      this.norms.push(r.norm);
      kinds.push(r.kind);
      parents.push(r.parentId);
      byId.set(r.id, i);
      this.byNorm.set(r.norm, i);
    }
    // Each address's doorplate ancestor (memoised walk up the tree; addresses above a door have none).
    const doorOf = new Int32Array(this.ids.length).fill(-2);
    const find = (i: number): number => {
      if (doorOf[i] !== -2) return doorOf[i]!;
      const stack: number[] = [];
      let j: number | undefined = i;
      let door = -1;
      while (j !== undefined) {
        if (doorOf[j] !== -2) {
          door = doorOf[j]!;
          break;
        }
        if (kinds[j] === 'doorplate') {
          door = j;
          stack.push(j);
          break;
        }
        stack.push(j);
        const parent: number | null | undefined = parents[j];
        j = parent == null ? undefined : byId.get(parent);
      }
      for (const k of stack) doorOf[k] = door;
      return door;
    };
    for (let i = 0; i < this.ids.length; i++) {
      const door = find(i);
      if (door < 0) continue;
      const list = this.under.get(door) ?? [];
      if (!list.length) this.under.set(door, list);
      list.push(i);
      if (door === i) {
        this.doorsByNorm.set(this.norms[i]!, i);
        const short = withoutTown(this.norms[i]!);
        const same = this.doorsByShort.get(short);
        if (same) same.push(i);
        else this.doorsByShort.set(short, [i]);
      }
    }
  }

  get size(): number {
    return this.ids.length;
  }

  /** Free text (any of the ways offices write it) → a standard address of the scope, or a zh-CN reason. */
  match(text: string): MatchResult {
    const norm = stripRegionPrefix(normalizeAddress(text));
    const hit = this.byNorm.get(norm);
    if (hit !== undefined) {
      this.stats.exact++;
      return { id: this.ids[hit]!, path: this.paths[hit]!, exact: true };
    }
    const cached = this.cache.get(norm);
    if (cached) {
      this.stats.cached++;
      return cached;
    }
    this.stats.fuzzy++;
    const result = this.fuzzy(norm);
    if (this.cache.size >= 100_000) this.cache.clear();
    this.cache.set(norm, result);
    return result;
  }

  private fuzzy(norm: string): MatchResult {
    if (!norm) return { error: MATCH_ERRORS.none };
    const short = withoutTown(norm);
    let doors = this.doorsFor(norm, short);
    let doorSimilarity = 1;
    if (!doors.length) {
      if (this.fuzzyLeft <= 0) return { error: MATCH_ERRORS.budget };
      this.fuzzyLeft--;
      const found = this.similarDoor(short);
      if (!found) return { error: MATCH_ERRORS.none };
      doors = [found.door];
      doorSimilarity = found.similarity;
    }
    const q = parseAddress(short);
    const qt = trigrams(short);
    const ranked: { i: number; score: number }[] = [];
    for (const door of doors)
      for (const i of this.under.get(door) ?? []) {
        const cShort = withoutTown(this.norms[i]!);
        const sim = Math.min(doorSimilarity, trigramSimilarity(qt, trigrams(cShort)));
        ranked.push({ i, score: addressMatchScore(q, this.parsedAt(i, cShort), sim) });
      }
    ranked.sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (!best || best.score < MIN_SCORE) return { error: MATCH_ERRORS.none };
    const second = ranked[1];
    if (second && best.score - second.score < MARGIN) return { error: MATCH_ERRORS.ambiguous };
    return { id: this.ids[best.i]!, path: this.paths[best.i]!, exact: false };
  }

  /** Doorplates the text starts with: with its town, or (town left out or misspelt) by the text after it. */
  private doorsFor(norm: string, short: string): number[] {
    for (let k = norm.indexOf('号'); k >= 0; k = norm.indexOf('号', k + 1)) {
      const d = this.doorsByNorm.get(norm.slice(0, k + 1));
      if (d !== undefined) return [d];
    }
    for (let k = short.indexOf('号'); k >= 0; k = short.indexOf('号', k + 1)) {
      const ds = this.doorsByShort.get(short.slice(0, k + 1));
      if (ds) return ds;
    }
    return [];
  }

  /** The doorplate most similar to the road and door of the text, when it is clearly the closest. */
  private similarDoor(short: string): { door: number; similarity: number } | null {
    const q = parseAddress(short);
    if (!q.doorplate) return null;
    const key = trigrams(`${q.road ?? q.compound ?? ''}${q.doorplate}`);
    this.stats.doorSearches++;
    this.doorTrigrams ??= [...this.doorsByNorm.values()].map((d) => [
      d,
      trigrams(withoutTown(this.norms[d]!)),
    ]);
    let best: { door: number; similarity: number } | null = null;
    let second = 0;
    for (const [d, t] of this.doorTrigrams) {
      const s = trigramSimilarity(key, t);
      if (!best || s > best.similarity) {
        second = best?.similarity ?? 0;
        best = { door: d, similarity: s };
      } else if (s > second) second = s;
    }
    if (!best || best.similarity < DOOR_MIN_SIMILARITY || best.similarity - second < MARGIN) return null;
    return best;
  }

  private parsedAt(i: number, short: string): AddressElements {
    let p = this.parsed.get(i);
    if (!p) {
      if (this.parsed.size >= 200_000) this.parsed.clear();
      p = parseAddress(short);
      this.parsed.set(i, p);
    }
    return p;
  }
}
