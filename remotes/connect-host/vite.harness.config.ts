// `pnpm --filter @mango/connect-host dev`: the remote's pages outside the shell, against the sandbox.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { demoSandboxKeys } from '../../scripts/lib/demo-env.mjs';
import { harnessApi } from './harness/dev-api-plugin.js';

const sandboxUrl = (process.env.SANDBOX_PUBLIC_URL ?? 'http://localhost:5175').replace(/\/$/, '');

export default defineConfig({
  root: resolve(import.meta.dirname, 'harness'),
  // No federation here: the harness provides the shell contract itself, from the workspace package.
  plugins: [
    react(),
    harnessApi({
      // Only the local demo secrets, the ones `npm start` gives the sandbox: the remote's code never
      // reads the real Connect secrets (those belong to the Biz edge API alone).
      ...demoSandboxKeys(),
      sandboxUrl,
    }),
  ],
  define: { 'import.meta.env.VITE_SANDBOX_URL': JSON.stringify(sandboxUrl) },
  server: { port: Number(process.env.REMOTE_PORT ?? 5174), strictPort: true },
});
