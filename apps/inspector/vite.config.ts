/**
 * Vite builds the inspector's browser app into `dist/client`, which the bridge serves. In
 * development, `INSPECTOR_BRIDGE_URL=http://127.0.0.1:PORT npx vite` serves the app with hot reload
 * and forwards `/api` (and the `/?token=…` launch URL, which sets the session cookie) to a running
 * bridge, rewriting Host and Origin to the bridge's own so its DNS-rebinding and cross-origin checks
 * pass.
 */
import { defineConfig, loadEnv, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import { noWasmProbe } from './build/no-wasm-probe.js';

const here = new URL('.', import.meta.url).pathname;

function bridgeProxy(target: string): ProxyOptions {
  return {
    target,
    changeOrigin: true,
    configure(proxy) {
      proxy.on('proxyReq', (request) => {
        if (request.getHeader('origin') !== undefined) request.setHeader('origin', target);
      });
    },
  };
}

export default defineConfig(({ mode }) => {
  const bridge = loadEnv(mode, here, 'INSPECTOR_')['INSPECTOR_BRIDGE_URL'];
  return {
    root: here,
    plugins: [react(), noWasmProbe()],
    // CodeMirror and React make one ~700 kB chunk; it is served from 127.0.0.1, so splitting buys nothing.
    build: { outDir: 'dist/client', emptyOutDir: true, target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1024 },
    // The matching worker is a bundle of its own, with its own plugins: it decodes bodies, so it holds bson too.
    worker: { format: 'es', plugins: () => [noWasmProbe()] },
    server: {
      host: '127.0.0.1',
      proxy: bridge === undefined ? {} : { '/api': bridgeProxy(bridge), '^/\\?token=': bridgeProxy(bridge) },
    },
  };
});
