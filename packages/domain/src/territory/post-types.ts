import type { RegionLevel } from './region-code';

/**
 * Posts in the grid (issue #2): 网格长 leads a community's or a grid's workers, 网格员 walks one grid,
 * 单元长 looks after a micro-grid (单元). The levels are where each post may be held.
 */
export const POST_TYPES = {
  gridLeader: { zh: '网格长', en: 'grid leader', levels: ['community', 'grid'] },
  gridWorker: { zh: '网格员', en: 'grid worker', levels: ['grid', 'microGrid'] },
  unitLeader: { zh: '单元长', en: 'unit leader', levels: ['grid', 'microGrid'] },
} as const satisfies Record<string, { zh: string; en: string; levels: readonly RegionLevel[] }>;

export type PostType = keyof typeof POST_TYPES;
export const POST_TYPE_KEYS = Object.keys(POST_TYPES) as PostType[];

export function postAllowedAt(type: PostType, level: RegionLevel): boolean {
  return (POST_TYPES[type].levels as readonly RegionLevel[]).includes(level);
}
