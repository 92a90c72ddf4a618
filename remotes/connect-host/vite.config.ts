import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { defineBaseConfig } from '../../vite.config.base';
import { publicUrlFromEnv } from './server/public-url';

// The shell's page (another origin) imports remoteEntry.js, whose chunks must resolve against
// THIS remote's origin, not the page's: an absolute base does that for every chunk URL and for
// the manifest's publicPath. REMOTE_PUBLIC_URL is where the deploy publishes dist/.
const base = publicUrlFromEnv(process.env.REMOTE_PUBLIC_URL);

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
          'react-router-dom': singleton('^7.18.0'),
          zustand: singleton('^5.0.0'),
          // Only the shell provides the contract: no fallback copy here, so the remote always reads
          // the shell's React context instance (the dev harness provides it on its own).
          '@mango/shell-contract': { singleton: true, requiredVersion: '^1.0.0', import: false },
        },
        dts: false,
      }),
    ],
    server: { port: Number(process.env.REMOTE_PORT ?? 5174), origin: base.replace(/\/$/, '') },
    preview: { port: Number(process.env.REMOTE_PORT ?? 5174) },
  }),
);
