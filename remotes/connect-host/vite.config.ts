import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { defineBaseConfig } from '../../vite.config.base';
import { publicUrlFromEnv } from './server/public-url';

// The shell's page (another origin) imports remoteEntry.js, whose chunks must resolve against
// THIS remote's origin, not the page's. A relative base does that without knowing the origin:
// chunks import each other relatively, preloads resolve against import.meta.url and the manifest's
// publicPath becomes "auto" (the runtime derives it from the manifest URL). So one build serves at
// any URL — the same dist/ on :5174 for the demo, :6174 for tests, or a CDN. REMOTE_PUBLIC_URL still
// pins an absolute base for hosts that need one.
const base = process.env.REMOTE_PUBLIC_URL ? publicUrlFromEnv(process.env.REMOTE_PUBLIC_URL) : './';

const singleton = (requiredVersion: string) => ({ singleton: true, requiredVersion });

export default defineConfig(
  defineBaseConfig({
    base,
    plugins: [
      react(),
      federation({
        name: 'connectHost',
        filename: 'remoteEntry.js',
        manifest: true,
        exposes: {
          './MessagesPage': './src/features/messages/MessagesPage.tsx',
          './ConnectIntegrationPage': './src/features/settings/ConnectIntegrationPage.tsx',
          './AIAssistantButton': './src/features/assistant/AIAssistantButton.tsx',
          './contract': './src/contract.ts',
        },
        shared: {
          react: singleton('^19.3.0'),
          'react-dom': singleton('^19.3.0'),
          zustand: singleton('^5.0.0'),
          // Only the shell provides the contract: no fallback copy here, so the remote always reads
          // the shell's React context instance (the dev harness provides it on its own).
          '@mango/shell-contract': { singleton: true, requiredVersion: '^1.0.0', import: false },
        },
        dts: false,
        // Use the host's runtime-core (globalThis._FEDERATION_RUNTIME_CORE, published by the shell's
        // host-runtime.ts) instead of shipping a copy: a federated route no longer downloads the
        // federation runtime twice. A host that does not publish it gets a clear error from the
        // shim when it loads this remote, which the shell's RemoteBoundary shows with Retry.
        experiments: { externalRuntime: true },
      }),
    ],
    server: { port: Number(process.env.REMOTE_PORT ?? 5174) },
    preview: { port: Number(process.env.REMOTE_PORT ?? 5174) },
  }, { name: 'connect-host' }),
);
