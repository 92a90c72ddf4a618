import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { defineBaseConfig } from '../vite.config.base';
import { doctypeFirst } from './src/build/doctype-first';

// In `vite dev` the Biz edge API runs as its own process; in production it serves this build itself
// (same origin), so only dev needs the proxy.
const apiOrigin = process.env.BIZ_API_ORIGIN ?? 'http://localhost:5180';

// The remote is NOT named here: it is registered at run time from /runtime-config.json
// (src/app/federation/registry.ts), so the Connect-host team deploys without a shell rebuild.
const singleton = (requiredVersion: string) => ({ singleton: true, requiredVersion });

export default defineConfig(
  defineBaseConfig({
    plugins: [
      react(),
      federation({
        name: 'shell',
        remotes: {},
        shared: {
          react: singleton('^19.3.0'),
          'react-dom': singleton('^19.3.0'),
          zustand: singleton('^5.0.0'),
          '@mango/shell-contract': singleton('^1.0.0'),
        },
        dts: false,
      }),
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
  }),
);
