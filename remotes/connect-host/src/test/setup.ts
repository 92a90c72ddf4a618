import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetConnectSDKCache } from '../features/sdk/load-sdk.js';

afterEach(() => {
  cleanup();
  if (typeof document !== 'undefined') {
    resetConnectSDKCache();
    delete window.MangoConnect;
    document.head.querySelectorAll('script').forEach((s) => s.remove());
  }
});
