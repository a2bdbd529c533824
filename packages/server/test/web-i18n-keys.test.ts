// Every literal message key the web pages ask for exists in Chinese and in English. A missing key shows
// the raw key to the user (a search button once read "actions.search"), and vue-i18n's warning is
// compiled out of the production bundle, so the browser journeys do not see it either.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };
const web = join(import.meta.dirname, '../../web/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The apps' trees by language: `common`, the console and phone shells, every module under its id. */
async function trees(): Promise<Record<'zh-CN' | 'en', Tree>> {
  // Imported by path at run time: the web sources use the web build's `@/` alias, which the server's
  // type check does not know (vitest's transform drops their type-only imports).
  const load = async <T>(file: string, name: string) =>
    ((await import(join(web, file))) as Record<string, T>)[name]!;
  type Msgs = Record<'zh-CN' | 'en', Tree>;
  const common = await load<Msgs>('shared/i18n/common.ts', 'common');
  const shell = await load<Msgs>('console/messages.ts', 'shellMessages');
  const phone = await load<Msgs>('mobile/messages.ts', 'phoneMessages');
  const out: Record<'zh-CN' | 'en', Tree> = {
    'zh-CN': { common: common['zh-CN'], console: shell['zh-CN'], phone: phone['zh-CN'] },
    en: { common: common.en, console: shell.en, phone: phone.en },
  };
  for (const mod of readdirSync(join(web, 'modules'))) {
    const dir = join(web, 'modules', mod);
    if (!statSync(dir).isDirectory()) continue;
    for (const [file, idPattern] of [
      ['console.ts', /id: '([a-z]+)'/],
      ['mobile.ts', /id: '([a-z]+)'/],
    ] as const) {
      let src: string;
      try {
        src = readFileSync(join(dir, file), 'utf8');
      } catch {
        continue;
      }
      const id = idPattern.exec(src)?.[1];
      const from = /import \{ messages \} from '\.\/([a-z-]+)'/.exec(src)?.[1];
      if (!id || !from) continue;
      const { messages } = (await import(join(dir, `${from}.ts`))) as {
        messages: Record<'zh-CN' | 'en', Tree>;
      };
      out['zh-CN'][id] = { ...((out['zh-CN'][id] as Tree) ?? {}), ...messages['zh-CN'] };
      out.en[id] = { ...((out.en[id] as Tree) ?? {}), ...messages.en };
    }
  }
  return out;
}

function has(tree: Tree, key: string): boolean {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || !(part in node)) return false;
    node = node[part];
  }
  return typeof node === 'string';
}

describe('web message keys', () => {
  it('every literal t() key of the pages exists in zh-CN and en', async () => {
    const all = await trees();
    const roots = new Set(Object.keys(all['zh-CN']));
    const missing: string[] = [];
    let checked = 0;
    for (const file of [
      ...files(join(web, 'modules')),
      ...files(join(web, 'console')),
      ...files(join(web, 'mobile')),
    ]) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([A-Za-z][\w-]*(?:\.[\w-]+)+)'/g)) {
        const key = m[1]!;
        // Only keys of the message trees (not e.g. t('..') on other objects).
        if (!roots.has(key.split('.')[0]!)) {
          missing.push(`${relative(web, file)}: ${key} (no such message root)`);
          continue;
        }
        checked++;
        for (const lang of ['zh-CN', 'en'] as const)
          if (!has(all[lang], key)) missing.push(`${relative(web, file)}: ${key} [${lang}]`);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(missing).toEqual([]);
  });
});
