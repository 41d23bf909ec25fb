import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import ElementPlus from 'unplugin-element-plus/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'vitest/config'

// Tauri serves the built files from its own protocol and runs the dev server
// on a fixed port (tauri.conf.json devUrl), so the port must never drift.
export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each page's chunk imports the components (and their CSS) its
    // templates use, and `import { ElMessage } from 'element-plus'` brings its own CSS, so the
    // first page loads only what it draws. The component types come from element-plus/global.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    ElementPlus({ useSource: false }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  clearScreen: false,
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    // Linux runs the UI in WebKitGTK.
    target: 'safari15',
    // pdf.js (the 登记表 preview) and ECharts (统计) are large; they load only with their pages.
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
    setupFiles: ['src/test-setup.ts'],
    // The page tests mount whole views with Element Plus; on a loaded two-core machine one can
    // take longer than vitest's default 5 s without anything being wrong.
    testTimeout: 30000,
    // Bundled like in the app, so that async-validator resolves to its ES build
    // (Node's CJS interop hands the form rules a non-constructor otherwise).
    server: { deps: { inline: ['element-plus'] } },
  },
})
