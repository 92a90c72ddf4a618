// Builds dist/mango-connect-sdk.js. The build options live in src/sdk-bundle.ts (one source for
// this script and for the server's build-on-first-request fallback); tsx loads that TS module.
import { tsImport } from 'tsx/esm/api';

const { writeSdkBundle } = await tsImport('./src/sdk-bundle.ts', import.meta.url);
const file = await writeSdkBundle();
console.log(`built ${file}`);
