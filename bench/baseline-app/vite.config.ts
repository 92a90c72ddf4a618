import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { defineBaseConfig } from '../../vite.config.base';

export default defineConfig(defineBaseConfig({ root: fileURLToPath(new URL('.', import.meta.url)), plugins: [react()] }, { name: 'baseline-app' }));
