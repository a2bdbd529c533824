/**
 * How a feature module plugs into the apps. A module lives in `src/modules/<id>/` and exports
 * a `ConsoleModule` (console.ts) and/or a `MobileModule` (mobile.ts); the apps list them in
 * `src/console/modules.ts` and `src/mobile/modules.ts`. Nothing else needs editing to add one.
 */
import type { Permission } from '@fengqiao/domain/identity/roles';
import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';

type Tree = { [key: string]: string | Tree };

/** The module's messages, one tree per language, mounted under the module id (`t('<id>.key')`). */
export interface ModuleMessages {
  'zh-CN': Tree;
  en: Tree;
}

/** Any of the listed permissions grants access (the same rule the server applies to `config.permission`). */
export type Guard = Permission | readonly Permission[];

export interface MenuGroup {
  id: string;
  /** i18n key */
  title: string;
  icon?: Component;
  order: number;
}

export interface MenuItem {
  /** Route path under the console layout, e.g. `/system/users`. */
  path: string;
  /** i18n key */
  title: string;
  icon?: Component;
  permission?: Guard;
  /** Id of a `MenuGroup`; top level when absent. */
  group?: string;
  order: number;
  /** i18n key of a one-line description shown on the home page shortcut. */
  description?: string;
}

export interface ConsoleModule {
  id: string;
  messages: ModuleMessages;
  /** Children of the console layout. Put `meta.permission` (a Guard) on every route that needs one. */
  routes: RouteRecordRaw[];
  /** Full-screen routes outside the console layout (the wall cockpit), at the top level. */
  standaloneRoutes?: RouteRecordRaw[];
  menu?: MenuItem[];
  groups?: MenuGroup[];
  /** Components placed in the header's right side (e.g. the notification bell), in order. */
  headerItems?: { component: Component; order: number; permission?: Guard }[];
}

export interface MobileEntry {
  /** Route path under /m/, e.g. `/report`. */
  to: string;
  /** i18n key */
  title: string;
  /** Vant icon name or URL. */
  icon: string;
  /** Background colour of the icon tile. */
  color?: string;
  permission?: Guard;
  order: number;
  /** Optional badge source: a function returning a count to show on the tile. */
  badge?: () => Promise<number | null>;
}

export interface MobileModule {
  id: string;
  messages: ModuleMessages;
  /** Routes of the phone app (paths relative to /m/). Put `meta.permission` on each that needs one. */
  routes: RouteRecordRaw[];
  entries?: MobileEntry[];
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Needed permission (any of). */
    permission?: Guard;
    /** Reachable without signing in. */
    public?: boolean;
    /** i18n key of the page title (shown in the tab title and breadcrumbs). */
    title?: string;
  }
}

export function allows(granted: ReadonlySet<string>, guard: Guard | undefined): boolean {
  if (!guard) return true;
  const list: readonly string[] = typeof guard === 'string' ? [guard] : guard;
  return list.some((p) => granted.has(p));
}
