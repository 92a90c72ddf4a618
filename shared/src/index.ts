export * from './types/index.js';
export * from './errors.js';
export * from './jwt/index.js';
