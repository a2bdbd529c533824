import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Noto Serif SC (SIL Open Font License) from npm, so every machine renders the same glyphs without a
 * system font. It is a Song-style face, the closest free match to the 宋体/仿宋 of official documents.
 */
export interface DocumentFonts {
  regular: Buffer;
  bold: Buffer;
}

let cached: DocumentFonts | null = null;

export function documentFonts(): DocumentFonts {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json'));
  cached = {
    regular: readFileSync(join(dir, '400Regular', 'NotoSerifSC_400Regular.ttf')),
    bold: readFileSync(join(dir, '700Bold', 'NotoSerifSC_700Bold.ttf')),
  };
  return cached;
}
