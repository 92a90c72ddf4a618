import { defineConfig } from 'vitest/config';
import { shellProjects } from './vitest.projects';

// Two projects: the edge API runs in Node, the store-app in jsdom with fake IndexedDB.
export default defineConfig({ test: { projects: shellProjects } });
