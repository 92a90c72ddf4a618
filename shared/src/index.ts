export * from './types/index.js';
export * from './errors.js';
export * from './jwt/index.js';
export * from './webhooks/index.js';
export * from './connect-api/index.js';
