import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// Tauri serves the built files from its own protocol and runs the dev server
// on a fixed port (tauri.conf.json devUrl), so the port must never drift.
export default defineConfig({
  plugins: [vue()],
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
    // Element Plus registered in full is one large vendor chunk; that is
    // expected for a desktop app loading from local disk.
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
