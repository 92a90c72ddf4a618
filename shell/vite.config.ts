import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { defineBaseConfig } from '../vite.config.base';
import { doctypeFirst } from './src/build/doctype-first';

// In `vite dev` the Biz edge API runs as its own process; in production it serves this build itself
// (same origin), so only dev needs the proxy.
const apiOrigin = process.env.BIZ_API_ORIGIN ?? 'http://localhost:5180';

// No federation build plugin: the shell is a runtime-only host. The remote is registered at run
// time from /runtime-config.json and the modules it shares are named in
// src/app/federation/host-runtime.ts, a chunk fetched only when a remote is first needed — so a
// page without Connect carries no federation code, and the Connect-host team deploys without a
// shell rebuild.

export default defineConfig(
  defineBaseConfig({
    plugins: [
      react(),
      doctypeFirst(),
    ],
    server: {
      port: 5173,
      proxy: {
        '/api': { target: apiOrigin, changeOrigin: false },
        '/runtime-config.json': { target: apiOrigin, changeOrigin: false },
      },
    },
    preview: { port: 5173 },
  }, { name: 'shell' }),
);
