import { resolve } from 'node:path';
import { VantResolver } from '@vant/auto-import-resolver';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * Two pages: the console (Element Plus) at `/` and the phone pages (Vant) at `/m/`. Element Plus and
 * Vant components and their styles are imported on demand by the resolvers, so each page only ships
 * what it uses. The generated `*.d.ts` files are committed so `vue-tsc` runs before any build.
 */
export default defineConfig({
  plugins: [
    vue(),
    AutoImport({
      resolvers: [ElementPlusResolver(), VantResolver()],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver()],
      dts: 'src/components.d.ts',
    }),
    phoneFallback(),
  ],
  resolve: { alias: { '@': resolve(import.meta.dirname, 'src') } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      input: {
        console: resolve(import.meta.dirname, 'index.html'),
        phone: resolve(import.meta.dirname, 'm/index.html'),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});

/** In `vite dev`, deep links under /m/ get the phone page (the built app relies on the server for this). */
function phoneFallback(): Plugin {
  return {
    name: 'fq-phone-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '';
        if (
          (url === '/m' || url.startsWith('/m/')) &&
          !url.includes('.') &&
          req.headers.accept?.includes('html')
        )
          req.url = '/m/index.html';
        next();
      });
    },
  };
}
