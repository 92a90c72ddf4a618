export * from './auth.js';
export * from './integration.js';
export * from './webhooks.js';
export * from './connect-api.js';
export * from './validation.js';
export * from './biz-api.js';
export * from './catalog.js';
