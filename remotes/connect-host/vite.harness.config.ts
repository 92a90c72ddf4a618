// `pnpm --filter @mango/connect-host dev`: the remote's pages outside the shell, against the sandbox.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { DEMO_SECRETS } from '../../scripts/lib/demo-env.mjs';
import { harnessApi } from './harness/dev-api-plugin.js';

const sandboxUrl = (process.env.SANDBOX_PUBLIC_URL ?? 'http://localhost:5175').replace(/\/$/, '');

export default defineConfig({
  root: resolve(import.meta.dirname, 'harness'),
  // No federation here: the harness provides the shell contract itself, from the workspace package.
  plugins: [
    react(),
    harnessApi({
      // Same defaults as the demo stack, so the harness and a sandbox started by `npm start` agree.
      jwtSecret: process.env.MANGO_CONNECT_JWT_SECRET ?? DEMO_SECRETS.MANGO_CONNECT_JWT_SECRET,
      webhookSecret: process.env.MANGO_CONNECT_WEBHOOK_SECRET ?? DEMO_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET,
      sandboxUrl,
    }),
  ],
  define: { 'import.meta.env.VITE_SANDBOX_URL': JSON.stringify(sandboxUrl) },
  server: { port: Number(process.env.REMOTE_PORT ?? 5174), strictPort: true },
});
