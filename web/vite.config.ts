import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { precompress } from './precompress.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The dashboard SPA: `npx vite build --config web/vite.config.ts` writes `web/dist`; `npx vite --config web/vite.config.ts` serves it with `/api` proxied. */
export default defineConfig({
  root,
  plugins: [vue(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus'))
            return 'element-plus';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.ECMON_API ?? 'http://127.0.0.1:8080' },
  },
});
