import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini, not classic zod: these schemas ship to the browser, and classic zod's chainable API
// cannot be tree-shaken (pnpm bench: ≈ 20 KB gzip of the shell's first load). Mini has no messages
// of its own ("Invalid input"); the English locale gives the same sentences classic zod prints.
z.config(en());

export { z };
